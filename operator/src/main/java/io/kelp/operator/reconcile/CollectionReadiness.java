package io.kelp.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.status.ConditionType;

import java.util.function.Predicate;

/**
 * Remembers whether each collection's last recorded status was Ready, so that "collection not
 * Ready" can be alerted on from metrics: a refused spec or an unreachable Elasticsearch ends a
 * reconcile without an exception, so failed-reconcile counts alone miss it.
 */
public interface CollectionReadiness {

    /** Which collection a value belongs to; {@code namespace} is "" for a cluster-scoped one. */
    record Key(String kind, String namespace, String name) {

        public static Key of(CollectionResource collection) {
            String namespace = collection.getMetadata().getNamespace();
            return new Key(((HasMetadata) collection).getKind(), namespace == null ? "" : namespace,
                    collection.getMetadata().getName());
        }

        /** The collection a ref names (a cluster-scoped one has namespace "" here). */
        public static Key of(CollectionRef ref) {
            return ref.clusterScoped()
                    ? new Key(HasMetadata.getKind(ClusterLogCollection.class), "", ref.name())
                    : new Key(HasMetadata.getKind(LogCollection.class), ref.namespace(), ref.name());
        }
    }

    /** The Ready condition of the status just recorded for {@code collection}. */
    void recorded(CollectionResource collection, boolean ready);

    /** The collection is gone: stop reporting it. */
    void forget(CollectionResource collection);

    /**
     * Stops reporting every collection that {@code exists} no longer knows. Cleanup forgets a
     * deleted collection, but a collection whose finalizer was removed (by hand, or by a forced
     * namespace deletion) is deleted without a cleanup, and its last value would stay forever.
     */
    void forgetGone(Predicate<Key> exists);

    /** Whether the status carries {@code Ready=True}; no status or no Ready condition is not ready. */
    static boolean isReady(LogCollectionStatus status) {
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> ConditionType.READY.wireName().equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
