package io.kelp.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Counts the records in a topic by its partitions' end offsets. A record counts once the broker
 * has appended it (with acks=all on one broker that is also when it is acknowledged), so
 * "all lines present" is the end of a run for every peer alike.
 */
final class TopicProgress {

    private static final long POLL_MILLIS = 20;

    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();

    TopicProgress(Admin admin, String topic, int partitions) {
        this.admin = admin;
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
    }

    long records() {
        try {
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read end offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Waits until the topic holds {@code expected} records; returns System.nanoTime() of the first
     * poll that saw them. Fails when {@code stillRunning} turns false with records missing, or on timeout.
     */
    long awaitRecords(long expected, Duration timeout, BooleanSupplier stillRunning, String who)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean lastChance = false;
        while (true) {
            long count = records();
            if (count >= expected) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(who + ": only " + count + " of " + expected + " records after " + timeout);
            }
            if (!stillRunning.getAsBoolean()) {
                if (lastChance) {
                    throw new IllegalStateException(who + " exited with " + count + " of " + expected + " records shipped");
                }
                lastChance = true;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
