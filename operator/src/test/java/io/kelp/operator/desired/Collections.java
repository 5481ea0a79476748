package io.kelp.operator.desired;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;

/** LogCollections for tests, as the API server would hand them to the operator. */
public final class Collections {

    private Collections() {
    }

    public static LogCollection collection(String namespace, String name, long generation) {
        LogCollection collection = new LogCollection();
        collection.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace).withName(name).withGeneration(generation).build());
        return collection;
    }

    public static ClusterLogCollection clusterCollection(String name, long generation) {
        ClusterLogCollection collection = new ClusterLogCollection();
        collection.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(generation).build());
        return collection;
    }
}
