package io.kelp.e2e.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling until a condition holds, and sleeping, without checked exceptions in the scenarios. */
final class Waiting {

    private static final Duration RETRY_FOR = Duration.ofMinutes(1);

    private Waiting() {
    }

    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> why) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(why.get());
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** An Elasticsearch or Kafka call that may fail for a while (an index still allocating its shard, a restart). */
    interface Call<T> {
        T call() throws Exception;
    }

    /** {@code call}, retried every second for up to a minute while it throws. */
    static <T> T retrying(String what, Call<T> call) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot " + what + " for " + RETRY_FOR + ": " + e, e);
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
