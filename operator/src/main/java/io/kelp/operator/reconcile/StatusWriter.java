package io.kelp.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.CollectionSpec;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.operator.status.StatusDiff;
import io.kelp.operator.status.StatusPatch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

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
    public <R extends CustomResource<? extends CollectionSpec, LogCollectionStatus> & CollectionResource> boolean write(R collection,
            LogCollectionStatus next, Context<R> context) {
        if (!StatusDiff.differs(collection.getStatus(), next)) {
            return false;
        }
        if (serverSideApply) {
            R patch = emptyLike(collection);
            patch.setMetadata(new ObjectMetaBuilder()
                    .withName(collection.getMetadata().getName())
                    .withNamespace(collection.getMetadata().getNamespace())
                    .build());
            patch.setStatus(withoutMeasurements(next));
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(collection, patch, context);
        } else {
            // Only reconcile's own fields (StatusPatch): the measured ones, written by other loops
            // at any time, are never sent, so this reconcile's older copy cannot undo them. (A status
            // PUT did: the mock API does not check resourceVersion on the status subresource.)
            StatusPatch.Patch patch = StatusPatch.between(collection.getStatus(), next);
            String body = context.getClient().getKubernetesSerialization().asJson(patch.body());
            R updated = context.getClient().resource(collection).subresource("status")
                    .patch(PatchContext.of(patch.merge() ? PatchType.JSON_MERGE : PatchType.JSON), body);
            context.eventSourceRetriever().getControllerEventSource()
                    .handleRecentResourceUpdate(ResourceID.fromResource(collection), updated, collection);
        }
        collection.setStatus(next);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <R extends CustomResource<? extends CollectionSpec, LogCollectionStatus>> R emptyLike(R collection) {
        return (R) (collection instanceof ClusterLogCollection ? new ClusterLogCollection() : new LogCollection());
    }

    /**
     * The fields the autoscaler and the agent status loop own are left out of reconcile's apply, so that this field manager
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
