package io.kelp.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kelp.api.v1alpha1.ClusterLogCollection;

import java.util.concurrent.TimeUnit;

/**
 * Reconciles ClusterLogCollections through the same {@link CollectionPipeline} as LogCollections;
 * only the names (pseudo namespace {@code _cluster}) and the task's selection (namespaces, host
 * paths) differ, and cluster collections have no transfer Deployment yet.
 */
@ControllerConfiguration(name = ClusterLogCollectionReconciler.NAME,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class ClusterLogCollectionReconciler implements Reconciler<ClusterLogCollection>, Cleaner<ClusterLogCollection> {

    public static final String NAME = "clusterlogcollection";

    private final CollectionPipeline pipeline;

    public ClusterLogCollectionReconciler(CollectionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public UpdateControl<ClusterLogCollection> reconcile(ClusterLogCollection collection,
            Context<ClusterLogCollection> context) throws RetryableFailure {
        pipeline.reconcile(collection, context);
        return UpdateControl.noUpdate();
    }

    @Override
    public ErrorStatusUpdateControl<ClusterLogCollection> updateErrorStatus(ClusterLogCollection collection,
            Context<ClusterLogCollection> context, Exception e) {
        pipeline.recordFailure(collection, context, e);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    @Override
    public DeleteControl cleanup(ClusterLogCollection collection, Context<ClusterLogCollection> context)
            throws Exception {
        return pipeline.cleanup(collection);
    }
}
