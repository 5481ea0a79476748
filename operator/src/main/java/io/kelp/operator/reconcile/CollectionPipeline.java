package io.kelp.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.api.v1alpha1.CollectionSpec;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.agents.AgentStatusUpdater;
import io.kelp.operator.desired.DesiredState;
import io.kelp.operator.desired.SpecDefaults;
import io.kelp.operator.desired.SpecValidator;
import io.kelp.operator.kubernetes.EventRecorder;
import io.kelp.operator.status.EventPlan;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.PartResult;
import io.kelp.operator.status.StatusComposer;
import org.jboss.logging.Logger;

import jakarta.enterprise.inject.Instance;
import io.kelp.operator.transfer.TransferPart;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Reconciles a LogCollection or a ClusterLogCollection: observe → validate → reconcile parts →
 * record status. The reconcilers of both kinds delegate here, so both get the same pipeline.
 *
 * <p>Every reconcile applies the whole desired state, whatever triggered it; the parts skip
 * writes that would change nothing, and the status is written only when it differs. A part that
 * fails for a reason that may heal (an outage) fails the reconcile so the framework retries with
 * backoff; a refusal (bad spec, server says no) is recorded and waits for the next spec change.
 * The periodic resync repairs drift, e.g. a topic deleted behind our back.
 */
public final class CollectionPipeline {

    private static final Logger LOG = Logger.getLogger(CollectionPipeline.class);

    private final CollectionParts parts;
    private final StatusWriter statusWriter;
    private final EventRecorder events;
    private final Instance<TransferPart> transfer;
    private final CollectionRemoval removal;
    private final RetentionSweep retention;
    private final WriteCounter writes;
    private final AgentStatusUpdater agentStatus;
    private final CollectionReadiness readiness;
    private final Clock clock;

    public CollectionPipeline(CollectionParts parts, StatusWriter statusWriter, EventRecorder events,
            Instance<TransferPart> transfer, CollectionRemoval removal, RetentionSweep retention, WriteCounter writes,
            AgentStatusUpdater agentStatus, CollectionReadiness readiness, Clock clock) {
        this.parts = parts;
        this.readiness = readiness;
        this.agentStatus = agentStatus;
        this.writes = writes;
        this.retention = retention;
        this.statusWriter = statusWriter;
        this.events = events;
        this.transfer = transfer;
        this.removal = removal;
        this.clock = clock;
    }

    public <R extends CustomResource<? extends CollectionSpec, LogCollectionStatus> & CollectionResource> void reconcile(R collection,
            Context<R> context) throws RetryableFailure {
        StatusComposer composer = new StatusComposer(collection.getStatus(), generationOf(collection), clock.instant());

        List<String> problems = SpecValidator.problems(collection);
        if (!problems.isEmpty()) {
            List<EventPlan.Event> planned = EventPlan.ofInvalidSpec(collection.getStatus(), problems);
            writeStatus(collection, composer.afterInvalidSpec(problems), context);
            record(collection, planned);
            return;
        }

        DesiredState desired = DesiredState.of(collection);
        LogCollectionStatus shown = collection.getStatus();
        agentStatus.track(desired.ref(), shown == null ? null : shown.getAgents(),
                shown == null ? null : shown.getLinesPerSecond());
        List<PartResult> results = new ArrayList<>(parts.apply(desired));
        TransferPart transferPart = transfer.get();
        if (transferPart != null) {
            results.add(transferPart.apply(collection, desired));
        }
        LogCollectionStatus next = composer.afterReconcile(results, desired.ref().topic(), desired.ref().indexPattern());
        results.stream().filter(PartResult::changed).forEach(r -> writes.wrote(r.type().wireName()));
        record(collection, EventPlan.of(collection.getStatus(), results));
        OptionalInt retentionDays = SpecDefaults.retentionDays(collection);
        if (retentionDays.isPresent()) {
            retention.track(desired.ref(), collection, retentionDays.getAsInt());
        } else {
            retention.forget(desired.ref());
        }

        List<PartResult> retryable = results.stream().filter(PartResult::retryable).toList();
        if (!retryable.isEmpty()) {
            throw new RetryableFailure(retryable.stream()
                    .map(r -> r.type().wireName() + ": " + r.message())
                    .collect(Collectors.joining("; ")), next);
        }
        writeStatus(collection, next, context);
    }

    /** After a failed reconcile: records the status the failure carries (the framework retries). */
    public <R extends CustomResource<? extends CollectionSpec, LogCollectionStatus> & CollectionResource> void recordFailure(R collection,
            Context<R> context, Exception e) {
        RetryableFailure failure = retryableCause(e);
        if (failure != null) {
            LOG.debugf("%s/%s will be retried: %s", collection.getMetadata().getNamespace(),
                    collection.getMetadata().getName(), failure.getMessage());
            try {
                writeStatus(collection, failure.status(), context);
            } catch (RuntimeException writeFailed) {
                LOG.warnf("cannot record the status of %s/%s: %s", collection.getMetadata().getNamespace(),
                        collection.getMetadata().getName(), writeFailed.getMessage());
            }
        }
    }

    public DeleteControl cleanup(CollectionResource collection) throws PartFailure {
        readiness.forget(collection);
        CollectionRef ref;
        try {
            ref = DesiredState.refOf(collection);
        } catch (IllegalArgumentException e) {
            return DeleteControl.defaultDelete(); // never valid, so nothing was ever published for it
        }
        List<String> removed = removal.remove(ref, SpecDefaults.deletesDataOnDeletion(collection));
        retention.forget(ref);
        agentStatus.forget(ref);
        LOG.infof("%s deleted; removed %s", ref, removed.isEmpty() ? "nothing" : String.join(", ", removed));
        return DeleteControl.defaultDelete();
    }

    private <R extends CustomResource<? extends CollectionSpec, LogCollectionStatus> & CollectionResource> void writeStatus(R collection,
            LogCollectionStatus next, Context<R> context) {
        // Before writing, and also when nothing needs writing: the metric shows what this reconcile
        // found, even while the API server refuses the status write or after an operator restart.
        readiness.recorded(collection, CollectionReadiness.isReady(next));
        if (statusWriter.write(collection, next, context)) {
            writes.wrote("status");
        }
    }

    private void record(CollectionResource collection, List<EventPlan.Event> planned) {
        for (EventPlan.Event event : planned) {
            writes.wrote("event");
            events.record((HasMetadata) collection, event.warning() ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
                    event.reason(), event.message());
        }
    }

    /** The framework wraps what reconcile throws; find ours. */
    private static RetryableFailure retryableCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryableFailure failure) {
                return failure;
            }
        }
        return null;
    }

    private static long generationOf(CollectionResource collection) {
        Long generation = collection.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
