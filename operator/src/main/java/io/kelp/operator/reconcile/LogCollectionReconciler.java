package io.kelp.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kelp.api.v1alpha1.LogCollection;

import java.util.concurrent.TimeUnit;

/**
 * Reconciles namespaced LogCollections through the {@link CollectionPipeline}.
 *
 * <p>Every reconcile applies the whole desired state, whatever triggered it; the parts skip
 * writes that would change nothing, and the status is written only when it differs. A part that
 * fails for a reason that may heal (an outage) fails the reconcile so the framework retries with
 * backoff; a refusal (bad spec, server says no) is recorded and waits for the next spec change.
 * The periodic resync repairs drift, e.g. a topic deleted behind our back.
 */
@ControllerConfiguration(name = LogCollectionReconciler.NAME,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class LogCollectionReconciler implements Reconciler<LogCollection>, Cleaner<LogCollection> {

    public static final String NAME = "logcollection";

    private final CollectionPipeline pipeline;

    public LogCollectionReconciler(CollectionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public UpdateControl<LogCollection> reconcile(LogCollection collection, Context<LogCollection> context)
            throws RetryableFailure {
        pipeline.reconcile(collection, context);
        return UpdateControl.noUpdate();
    }

    @Override
    public ErrorStatusUpdateControl<LogCollection> updateErrorStatus(LogCollection collection,
            Context<LogCollection> context, Exception e) {
        pipeline.recordFailure(collection, context, e);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    @Override
    public DeleteControl cleanup(LogCollection collection, Context<LogCollection> context) throws Exception {
        return pipeline.cleanup(collection);
    }
}
