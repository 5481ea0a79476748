package io.kelp.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A set of container logs in one namespace that Kelp collects into one Kafka topic and one family
 * of daily Elasticsearch indices.
 */
@Group(LogCollection.GROUP)
@Version(LogCollection.VERSION)
@ShortNames("lc")
public class LogCollection extends CustomResource<LogCollectionSpec, LogCollectionStatus> implements Namespaced {

    public static final String GROUP = "kelp.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected LogCollectionSpec initSpec() {
        return new LogCollectionSpec();
    }

    @Override
    protected LogCollectionStatus initStatus() {
        return new LogCollectionStatus();
    }
}
