package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.autoscale.ConsumerLag;
import io.kelp.operator.autoscale.ConsumerLag.PartitionOffsets;
import io.kelp.operator.autoscale.LagScaler;
import io.kelp.operator.autoscale.ScalingPolicy;
import io.kelp.operator.kafka.ConsumerLagReader;
import io.kelp.operator.kubernetes.EventRecorder;
import io.kelp.operator.kubernetes.MeasuredStatusPatcher;
import io.kelp.operator.reconcile.PerCollectionState;
import io.kelp.operator.reconcile.WriteCounter;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scales each tracked collection's transfer Deployment on its consumer lag. Reconcile tracks a
 * collection once its Deployment exists and forgets it on deletion; {@link #tick} runs on one
 * scheduler thread, reading the lag of all collections in one batch and scaling those whose
 * {@link LagScaler} asks for a different count. Only the leader reconciles, so only the leader
 * tracks anything and scales.
 */
public final class TransferAutoscaler implements PerCollectionState {

    private static final Logger LOG = Logger.getLogger(TransferAutoscaler.class);

    /** Mutable per-collection state; fields other than the scalers are written by reconcile threads. */
    private static final class Tracked {
        final LagScaler scaler = new LagScaler();
        final ConsumerLag lag;
        volatile ScalingPolicy policy;
        volatile int partitions;
        volatile int replicas;
        volatile String uid;
        volatile long lastLag = -1;
        // Only touched by the scheduler thread after track() initialised them.
        long publishedLag = -1;
        int publishedReplicas = -1;
        long publishedAt;

        Tracked(boolean excludePersistentLag) {
            lag = new ConsumerLag(excludePersistentLag);
        }
    }

    private final Map<CollectionRef, Tracked> tracked = new ConcurrentHashMap<>();
    private final ConsumerLagReader lagReader;
    private final TransferDeploymentHandler deployments;
    private final EventRecorder events;
    private final boolean excludePersistentLag;
    private final MeasuredStatusPatcher statusPatcher;
    private final long statusIntervalMillis;
    private final WriteCounter writes;
    private final TransferPlacement placement;

    public TransferAutoscaler(ConsumerLagReader lagReader, TransferDeploymentHandler deployments, EventRecorder events,
            boolean excludePersistentLag, MeasuredStatusPatcher statusPatcher, Duration statusInterval,
            WriteCounter writes, TransferPlacement placement) {
        this.placement = placement;
        this.lagReader = lagReader;
        this.deployments = deployments;
        this.events = events;
        this.excludePersistentLag = excludePersistentLag;
        this.statusPatcher = statusPatcher;
        this.statusIntervalMillis = statusInterval.toMillis();
        this.writes = writes;
    }

    /**
     * Called by reconcile with the collection's current policy, partitions and Deployment replicas,
     * and the lag and replicas its status shows (so a restarted operator does not rewrite them).
     */
    public void track(CollectionRef ref, String uid, ScalingPolicy policy, int partitions, int replicas,
            Long statusLag, Integer statusReplicas) {
        Tracked state = tracked.computeIfAbsent(ref, r -> {
            Tracked fresh = new Tracked(excludePersistentLag);
            fresh.publishedLag = statusLag == null ? -1 : statusLag;
            fresh.publishedReplicas = statusReplicas == null ? -1 : statusReplicas;
            return fresh;
        });
        state.policy = policy;
        state.partitions = partitions;
        state.replicas = replicas;
        state.uid = uid;
    }

    @Override
    public Set<CollectionRef> trackedCollections() {
        return Set.copyOf(tracked.keySet());
    }

    @Override
    public void forget(CollectionRef ref) {
        tracked.remove(ref);
    }

    /** The last lag measured for a collection, or -1 when none was. */
    public long lastLag(CollectionRef ref) {
        Tracked state = tracked.get(ref);
        return state == null ? -1 : state.lastLag;
    }

    /** One scaling pass over every tracked collection. */
    public void tick(long nowMillis) {
        if (tracked.isEmpty()) {
            return;
        }
        Map<CollectionRef, Map<Integer, PartitionOffsets>> offsets;
        try {
            offsets = lagReader.read(tracked.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            // Without lag there is nothing to decide; replicas stay as they are until Kafka answers.
            LOG.warnf("cannot read consumer lag, not scaling this pass: %s", e.getMessage());
            return;
        }
        offsets.forEach((ref, partitions) -> {
            Tracked state = tracked.get(ref);
            if (state != null) {
                scale(ref, state, state.lag.total(partitions), partitions.size(), nowMillis);
            }
        });
    }

    private void scale(CollectionRef ref, Tracked state, long lag, int partitions, long nowMillis) {
        state.lastLag = lag;
        int desired = state.scaler.desiredReplicas(state.policy, lag, partitions, state.replicas, nowMillis);
        if (desired != state.replicas) {
            try {
                if (deployments.scale(placement.namespace(ref), TransferDeployment.name(ref), desired)) {
                    writes.wrote("transfer-scale");
                    events.record(owner(ref, state.uid), EventRecorder.Type.Normal, "TransferScaled",
                            "transfer scaled from " + state.replicas + " to " + desired + " replicas for lag " + lag);
                    state.replicas = desired;
                }
            } catch (RuntimeException e) {
                LOG.warnf("cannot scale the transfer of %s to %d: %s", ref, desired, e.getMessage());
            }
        }
        publishStatus(ref, state, lag, nowMillis);
    }

    /**
     * A replica change is published at once; a lag that only moved at most once per status
     * interval, so a busy collection does not turn into a stream of status writes.
     */
    private void publishStatus(CollectionRef ref, Tracked state, long lag, long nowMillis) {
        boolean replicasChanged = state.replicas != state.publishedReplicas;
        boolean lagDue = lag != state.publishedLag && nowMillis - state.publishedAt >= statusIntervalMillis;
        if ((replicasChanged || lagDue) && statusPatcher.patch(ref, Map.of("lag", lag, "transferReplicas", state.replicas))) {
            writes.wrote("scaling-status");
            state.publishedLag = lag;
            state.publishedReplicas = state.replicas;
            state.publishedAt = nowMillis;
        }
    }

    /** The collection the event is about (events of cluster objects go to "default", see EventRecorder). */
    private static HasMetadata owner(CollectionRef ref, String uid) {
        CustomResource<?, ?> owner = ref.clusterScoped() ? new ClusterLogCollection() : new LogCollection();
        owner.setMetadata(new ObjectMetaBuilder().withNamespace(ref.clusterScoped() ? null : ref.namespace())
                .withName(ref.name()).withUid(uid).build());
        return owner;
    }
}
