package io.kelp.operator.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescerTest {

    /** Batches as the call saw them; the test completes their futures when it wants. */
    private final List<Map<String, Coalescer.Pending<String, String>>> batches = new CopyOnWriteArrayList<>();

    @Test
    void requestsArrivingTogetherGoOutAsOneBatchAndTheSameKeySharesItsAnswer() throws Exception {
        try (Coalescer<String, String> coalescer = new Coalescer<>("test", Duration.ofMillis(50), batches::add)) {
            CompletableFuture<String> a = coalescer.submit("a", "A");
            CompletableFuture<String> b = coalescer.submit("b", "B");
            CompletableFuture<String> again = coalescer.submit("a", "A");

            awaitBatches(1);
            assertThat(batches.get(0)).containsOnlyKeys("a", "b");
            assertThat(again).isSameAs(a);
            answer(batches.get(0));
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("B!");
        }
    }

    @Test
    void whatArrivesWhileABatchIsInFlightGoesOutAsOneBatchWhenItIsAnswered() throws Exception {
        try (Coalescer<String, String> coalescer = new Coalescer<>("test", Duration.ofMillis(1), batches::add)) {
            coalescer.submit("first", "1");
            awaitBatches(1);
            List<CompletableFuture<String>> waiting = List.of(coalescer.submit("x", "x"), coalescer.submit("y", "y"),
                    coalescer.submit("z", "z"));
            Thread.sleep(100); // far beyond the linger: still nothing sent while the first is in flight
            assertThat(batches).hasSize(1);

            answer(batches.get(0));

            awaitBatches(2);
            assertThat(batches.get(1)).containsOnlyKeys("x", "y", "z");
            answer(batches.get(1));
            assertThat(waiting.get(2).get(5, TimeUnit.SECONDS)).isEqualTo("z!");
        }
    }

    @Test
    void aFailedBatchFailsEachRequestAndDoesNotStopTheNext() throws Exception {
        try (Coalescer<String, String> coalescer = new Coalescer<>("test", Duration.ofMillis(1), batch -> {
            throw new IllegalStateException("broker gone");
        })) {
            CompletableFuture<String> failed = coalescer.submit("a", "A");
            assertThat(failed).failsWithin(Duration.ofSeconds(5));
            assertThat(coalescer.submit("b", "B")).failsWithin(Duration.ofSeconds(5));
        }
    }

    private static void answer(Map<String, Coalescer.Pending<String, String>> batch) {
        batch.values().forEach(p -> p.result().complete(p.request() + "!"));
    }

    private void awaitBatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batches.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(batches).hasSizeGreaterThanOrEqualTo(count);
    }
}
