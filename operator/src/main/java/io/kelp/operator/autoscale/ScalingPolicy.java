package io.kelp.operator.autoscale;

import java.time.Duration;

/**
 * How a collection's transfer tier scales on consumer lag; the same knobs as KEDA's Kafka scaler.
 *
 * @param minReplicas           fewest replicas; 0 allows scale to zero
 * @param maxReplicas           most replicas (also capped by the partition count)
 * @param targetLagPerReplica   KEDA's {@code lagThreshold}: lag one replica is expected to work off
 * @param activationLag         KEDA's {@code activationLagThreshold}: at or below it, a tier that may
 *                              scale to zero is idle
 * @param scaleDownStabilization replicas fall only to the highest recommendation of this window
 */
public record ScalingPolicy(int minReplicas, int maxReplicas, long targetLagPerReplica, long activationLag,
                            Duration scaleDownStabilization) {

    public static final ScalingPolicy DEFAULT = new ScalingPolicy(1, 3, 10_000, 0, Duration.ofMinutes(5));

    public ScalingPolicy {
        if (minReplicas < 0 || maxReplicas < 1 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException("need 0 <= minReplicas <= maxReplicas and maxReplicas >= 1, got "
                    + minReplicas + ".." + maxReplicas);
        }
        if (targetLagPerReplica < 1 || activationLag < 0) {
            throw new IllegalArgumentException("targetLagPerReplica must be >= 1 and activationLag >= 0");
        }
        if (scaleDownStabilization.isNegative()) {
            throw new IllegalArgumentException("negative stabilization window");
        }
    }
}
