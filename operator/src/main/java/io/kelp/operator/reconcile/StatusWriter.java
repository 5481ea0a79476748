package io.kelp.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.operator.status.StatusDiff;

/**
 * Writes a collection's status when it differs from the stored one, and updates the framework's
 * cache with the result so the next reconcile sees its own write.
 *
 * <p>Why not {@code UpdateControl.patchStatus}: the framework decides between server-side apply
 * and merge patch at build time, but the same jar must run against a real API server (SSA, the
 * default) and against the fabric8 mock API of tests and the local stack, which answers SSA with
 * 415 and mishandles merge patches of lists. {@code kelp.operator.server-side-apply} makes that a runtime choice.
 */
public final class StatusWriter {

    private final boolean serverSideApply;

    public StatusWriter(boolean serverSideApply) {
        this.serverSideApply = serverSideApply;
    }

    /** Returns whether it wrote. */
    public boolean write(LogCollection collection, LogCollectionStatus next, Context<LogCollection> context) {
        if (!StatusDiff.differs(collection.getStatus(), next)) {
            return false;
        }
        if (serverSideApply) {
            LogCollection patch = new LogCollection();
            patch.setMetadata(new ObjectMetaBuilder()
                    .withName(collection.getMetadata().getName())
                    .withNamespace(collection.getMetadata().getNamespace())
                    .build());
            patch.setStatus(withoutMeasurements(next));
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(collection, patch, context);
        } else {
            // A status update (PUT, optimistic locking) rather than a merge patch: the mock API merges
            // the conditions array instead of replacing it as RFC 7386 asks.
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(collection, context, fresh -> {
                fresh.setStatus(next);
                return fresh;
            });
        }
        collection.setStatus(next);
        return true;
    }

    /**
     * The fields the autoscaler owns are left out of reconcile's apply, so that this field manager
     * never owns them and a stale copy can never overwrite a fresher measurement.
     */
    private static LogCollectionStatus withoutMeasurements(LogCollectionStatus status) {
        LogCollectionStatus copy = new LogCollectionStatus();
        copy.setObservedGeneration(status.getObservedGeneration());
        copy.setConditions(status.getConditions());
        copy.setTopic(status.getTopic());
        copy.setIndexPattern(status.getIndexPattern());
        copy.setLastError(status.getLastError());
        return copy;
    }
}
