package io.kelp.operator.autoscale;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LagScalerTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final ScalingPolicy ONE_TO_FIVE = new ScalingPolicy(1, 5, 100, 0, WINDOW);
    private static final ScalingPolicy ZERO_TO_FIVE = new ScalingPolicy(0, 5, 100, 50, WINDOW);

    @Test
    void replicasAreLagDividedByTargetRoundedUp() {
        assertThat(LagScaler.recommend(ONE_TO_FIVE, 100, 10)).isEqualTo(1);
        assertThat(LagScaler.recommend(ONE_TO_FIVE, 101, 10)).isEqualTo(2);
        assertThat(LagScaler.recommend(ONE_TO_FIVE, 300, 10)).isEqualTo(3);
    }

    @Test
    void recommendationIsClampedToMinAndMax() {
        assertThat(LagScaler.recommend(ONE_TO_FIVE, 0, 10)).isEqualTo(1);
        assertThat(LagScaler.recommend(ONE_TO_FIVE, 1_000_000, 10)).isEqualTo(5);
    }

    @Test
    void neverMoreReplicasThanPartitionsBecauseExtraConsumersIdle() {
        assertThat(LagScaler.recommend(ONE_TO_FIVE, 1_000_000, 3)).isEqualTo(3);
        assertThat(LagScaler.recommend(new ScalingPolicy(4, 8, 100, 0, WINDOW), 0, 2)).isEqualTo(2);
    }

    @Test
    void scaleToZeroOnlyAtOrBelowTheActivationLag() {
        assertThat(LagScaler.recommend(ZERO_TO_FIVE, 0, 10)).isEqualTo(0);
        assertThat(LagScaler.recommend(ZERO_TO_FIVE, 50, 10)).isEqualTo(0);
        assertThat(LagScaler.recommend(ZERO_TO_FIVE, 51, 10)).isEqualTo(1);
        assertThat(LagScaler.recommend(ZERO_TO_FIVE, 250, 10)).isEqualTo(3);
    }

    @Test
    void withMinimumAboveZeroActivationDoesNotApply() {
        ScalingPolicy noZero = new ScalingPolicy(1, 5, 100, 500, WINDOW);
        assertThat(LagScaler.recommend(noZero, 200, 10)).isEqualTo(2);
    }

    @Test
    void scalesUpAtOnce() {
        LagScaler scaler = new LagScaler();
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 0, 10, 1, 0)).isEqualTo(1);
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 450, 10, 1, 1_000)).isEqualTo(5);
    }

    @Test
    void scalesDownOnlyAfterLagStayedLowForTheWholeWindow() {
        LagScaler scaler = new LagScaler();
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 500, 10, 1, 0)).isEqualTo(5);
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 0, 10, 5, 10_000)).isEqualTo(5);
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 0, 10, 5, 59_000)).isEqualTo(5);
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 0, 10, 5, 60_001)).isEqualTo(1);
    }

    @Test
    void scaleDownGoesToTheHighestRecentRecommendationNotStraightToTheMinimum() {
        LagScaler scaler = new LagScaler();
        scaler.desiredReplicas(ONE_TO_FIVE, 500, 10, 1, 0);
        scaler.desiredReplicas(ONE_TO_FIVE, 300, 10, 5, 30_000);
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 0, 10, 5, 61_000)).isEqualTo(3);
        assertThat(scaler.desiredReplicas(ONE_TO_FIVE, 0, 10, 3, 91_000)).isEqualTo(1);
    }

    @Test
    void lagHoveringAroundAThresholdDoesNotFlap() {
        LagScaler scaler = new LagScaler();
        int replicas = 1;
        int changes = 0;
        for (int second = 0; second < 600; second += 5) {
            long lag = second % 10 == 0 ? 201 : 199; // alternates between asking for 3 and 2
            int next = scaler.desiredReplicas(ONE_TO_FIVE, lag, 10, replicas, second * 1000L);
            if (next != replicas) {
                changes++;
            }
            replicas = next;
        }
        assertThat(changes).isEqualTo(1);
        assertThat(replicas).isEqualTo(3);
    }

    @Test
    void idleTierWithScaleToZeroFallsToZeroAfterTheWindowAndWakesOnActivation() {
        LagScaler scaler = new LagScaler();
        assertThat(scaler.desiredReplicas(ZERO_TO_FIVE, 120, 10, 0, 0)).isEqualTo(2);
        assertThat(scaler.desiredReplicas(ZERO_TO_FIVE, 10, 10, 2, 30_000)).isEqualTo(2);
        assertThat(scaler.desiredReplicas(ZERO_TO_FIVE, 10, 10, 2, 61_000)).isEqualTo(0);
        assertThat(scaler.desiredReplicas(ZERO_TO_FIVE, 40, 10, 0, 70_000)).isEqualTo(0);
        assertThat(scaler.desiredReplicas(ZERO_TO_FIVE, 60, 10, 0, 75_000)).isEqualTo(1);
    }

    @Test
    void inconsistentPoliciesAreRejected() {
        assertThatThrownBy(() -> new ScalingPolicy(3, 2, 100, 0, WINDOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScalingPolicy(1, 2, 0, 0, WINDOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
