package io.kelp.operator.autoscale;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns consumer lag into a replica count for one collection's transfer tier.
 *
 * <p>The raw recommendation is {@code ceil(lag / targetLagPerReplica)}, clamped to
 * {@code [minReplicas, min(maxReplicas, partitions)]}: a consumer beyond the partition count
 * would sit idle (KEDA's partition cap). When scale to zero is allowed, a lag at or below
 * {@code activationLag} recommends zero and a lag above it at least one (KEDA's activation).
 *
 * <p>Scaling up follows the recommendation at once. Scaling down follows the highest
 * recommendation seen within the stabilization window (as the HPA does), so a lag that hovers
 * around a threshold never flaps, and replicas fall only once the lag has stayed low for the
 * whole window.
 *
 * <p>Not thread-safe: one instance per collection, driven by one thread. Time is passed in, so
 * tests need no clock.
 */
public final class LagScaler {

    private record Recommendation(long atMillis, int replicas) {
    }

    private final Deque<Recommendation> window = new ArrayDeque<>();

    /**
     * @param policy     the collection's scaling knobs
     * @param lag        total lag of the collection's consumer group, records
     * @param partitions the topic's partition count
     * @param current    replicas the Deployment has now
     * @param nowMillis  the time of this observation
     * @return the replicas the Deployment should have
     */
    public int desiredReplicas(ScalingPolicy policy, long lag, int partitions, int current, long nowMillis) {
        int recommended = recommend(policy, lag, partitions);
        remember(nowMillis, recommended, policy.scaleDownStabilization().toMillis());
        if (recommended >= current) {
            return recommended;
        }
        return Math.min(current, highestInWindow());
    }

    /** The replicas this lag alone asks for, without stabilization. */
    static int recommend(ScalingPolicy policy, long lag, int partitions) {
        int upper = Math.max(1, Math.min(policy.maxReplicas(), partitions));
        int lower = Math.min(policy.minReplicas(), upper);
        if (policy.minReplicas() == 0 && lag <= policy.activationLag()) {
            return 0;
        }
        long raw = lag <= 0 ? 0 : (lag + policy.targetLagPerReplica() - 1) / policy.targetLagPerReplica();
        long atLeastOne = policy.minReplicas() == 0 ? Math.max(1, raw) : raw;
        return (int) Math.max(lower, Math.min(upper, atLeastOne));
    }

    private void remember(long nowMillis, int replicas, long windowMillis) {
        while (!window.isEmpty() && window.peekFirst().atMillis() < nowMillis - windowMillis) {
            window.pollFirst();
        }
        window.addLast(new Recommendation(nowMillis, replicas));
    }

    private int highestInWindow() {
        int highest = 0;
        for (Recommendation r : window) {
            highest = Math.max(highest, r.replicas());
        }
        return highest;
    }
}
