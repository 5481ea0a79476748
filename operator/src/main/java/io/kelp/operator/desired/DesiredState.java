package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;

/** Everything one collection should exist as outside Kubernetes, computed from the resource alone. */
public record DesiredState(CollectionRef ref, CollectionTask task, TopicSpec topic, IndexTemplateSpec indexTemplate) {

    public static DesiredState of(CollectionResource collection) {
        CollectionRef ref = refOf(collection);
        return new DesiredState(ref, DesiredTask.of(ref, collection), TopicSpec.of(ref, collection),
                IndexTemplateSpec.of(ref, collection));
    }

    /**
     * The names of a collection: a ClusterLogCollection takes the pseudo namespace no real
     * namespace can have, so its topic and indices never collide with a namespaced collection's.
     *
     * @throws IllegalArgumentException when the name cannot yield unambiguous names
     */
    public static CollectionRef refOf(CollectionResource collection) {
        return collection instanceof ClusterLogCollection
                ? CollectionRef.cluster(collection.getMetadata().getName())
                : new CollectionRef(collection.getMetadata().getNamespace(), collection.getMetadata().getName());
    }
}
