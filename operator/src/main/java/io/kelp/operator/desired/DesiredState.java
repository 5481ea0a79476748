package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;

/** Everything one LogCollection should exist as outside Kubernetes, computed from the resource alone. */
public record DesiredState(CollectionRef ref, CollectionTask task, TopicSpec topic, IndexTemplateSpec indexTemplate) {

    public static DesiredState of(LogCollection collection) {
        CollectionRef ref = new CollectionRef(collection.getMetadata().getNamespace(),
                collection.getMetadata().getName());
        return new DesiredState(ref, DesiredTask.of(ref, collection), TopicSpec.of(ref, collection),
                IndexTemplateSpec.of(ref, collection));
    }
}
