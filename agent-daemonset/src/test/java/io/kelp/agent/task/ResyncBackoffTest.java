package io.kelp.agent.task;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ResyncBackoffTest {

    @Test
    void delayDoublesUpToTheCapEachWithinHalfAndOneAndAHalfTimesItsStep() {
        long[] steps = {200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000};
        for (long seed = 0; seed < 100; seed++) {
            ResyncBackoff backoff = new ResyncBackoff(200, 5_000, new SplittableRandom(seed));
            for (long step : steps) {
                assertThat(backoff.nextDelayMillis()).isBetween(step / 2, step + step / 2);
            }
        }
    }

    @Test
    void resetStartsAgainFromTheInitialStep() {
        ResyncBackoff backoff = new ResyncBackoff(200, 5_000, new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isBetween(100L, 300L);
        assertThat(backoff.nextDelayMillis()).isBetween(200L, 600L);
    }

    @Test
    void agentsCutOffTogetherDoNotRetryInTheSameInstant() {
        // one backoff per agent, as after an etcd restart: their first retries spread over the whole window
        SplittableRandom seeds = new SplittableRandom(7);
        long[] firstDelays = LongStream.range(0, 100)
                .map(agent -> new ResyncBackoff(200, 5_000, seeds.split()).nextDelayMillis())
                .toArray();
        assertThat(LongStream.of(firstDelays).distinct().count()).isGreaterThan(50);
        assertThat(LongStream.of(firstDelays).min().orElseThrow()).isLessThan(150);
        assertThat(LongStream.of(firstDelays).max().orElseThrow()).isGreaterThan(250);
    }
}
