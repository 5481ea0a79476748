package io.kelp.transfer.bulk;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void growsExponentiallyWithJitterWithinHalfAndFullCeiling() {
        Backoff backoff = new Backoff(100, 2_000, new SplittableRandom(42));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delayMillis(0)).isBetween(50L, 100L);
            assertThat(backoff.delayMillis(3)).isBetween(400L, 800L);
            assertThat(backoff.delayMillis(10)).isBetween(1_000L, 2_000L);
            assertThat(backoff.delayMillis(10_000)).isBetween(1_000L, 2_000L);
        }
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff backoff = new Backoff(100, 2_000, new SplittableRandom(7));
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delayMillis(4)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }
}
