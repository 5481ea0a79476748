package io.kelp.operator.reconcile;

import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.operator.status.ConditionType;

/**
 * Remembers whether each collection's last recorded status was Ready, so that "collection not
 * Ready" can be alerted on from metrics: a refused spec or an unreachable Elasticsearch ends a
 * reconcile without an exception, so failed-reconcile counts alone miss it.
 */
public interface CollectionReadiness {

    /** The Ready condition of the status just recorded for {@code collection}. */
    void recorded(CollectionResource collection, boolean ready);

    /** The collection is gone: stop reporting it. */
    void forget(CollectionResource collection);

    /** Whether the status carries {@code Ready=True}; no status or no Ready condition is not ready. */
    static boolean isReady(LogCollectionStatus status) {
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> ConditionType.READY.wireName().equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
