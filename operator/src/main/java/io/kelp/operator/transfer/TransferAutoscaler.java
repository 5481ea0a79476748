package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.autoscale.ConsumerLag;
import io.kelp.operator.autoscale.ConsumerLag.PartitionOffsets;
import io.kelp.operator.autoscale.LagScaler;
import io.kelp.operator.autoscale.ScalingPolicy;
import io.kelp.operator.kafka.ConsumerLagReader;
import io.kelp.operator.kubernetes.EventRecorder;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scales each tracked collection's transfer Deployment on its consumer lag. Reconcile tracks a
 * collection once its Deployment exists and forgets it on deletion; {@link #tick} runs on one
 * scheduler thread, reading the lag of all collections in one batch and scaling those whose
 * {@link LagScaler} asks for a different count. Only the leader reconciles, so only the leader
 * tracks anything and scales.
 */
public final class TransferAutoscaler {

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

        Tracked(boolean excludePersistentLag) {
            lag = new ConsumerLag(excludePersistentLag);
        }
    }

    private final Map<CollectionRef, Tracked> tracked = new ConcurrentHashMap<>();
    private final ConsumerLagReader lagReader;
    private final TransferDeploymentHandler deployments;
    private final EventRecorder events;
    private final boolean excludePersistentLag;

    public TransferAutoscaler(ConsumerLagReader lagReader, TransferDeploymentHandler deployments, EventRecorder events,
            boolean excludePersistentLag) {
        this.lagReader = lagReader;
        this.deployments = deployments;
        this.events = events;
        this.excludePersistentLag = excludePersistentLag;
    }

    /** Called by reconcile with the collection's current policy, partitions and Deployment replicas. */
    public void track(CollectionRef ref, String uid, ScalingPolicy policy, int partitions, int replicas) {
        Tracked state = tracked.computeIfAbsent(ref, r -> new Tracked(excludePersistentLag));
        state.policy = policy;
        state.partitions = partitions;
        state.replicas = replicas;
        state.uid = uid;
    }

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
        if (desired == state.replicas) {
            return;
        }
        try {
            if (deployments.scale(ref.namespace(), TransferDeployment.name(ref), desired)) {
                events.record(owner(ref, state.uid), EventRecorder.Type.Normal, "TransferScaled",
                        "transfer scaled from " + state.replicas + " to " + desired + " replicas for lag " + lag);
                state.replicas = desired;
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot scale the transfer of %s to %d: %s", ref, desired, e.getMessage());
        }
    }

    private static LogCollection owner(CollectionRef ref, String uid) {
        LogCollection owner = new LogCollection();
        owner.setMetadata(new ObjectMetaBuilder().withNamespace(ref.namespace()).withName(ref.name()).withUid(uid).build());
        return owner;
    }
}
