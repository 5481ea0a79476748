package io.kelp.transfer.pipeline;

import java.time.Duration;

/**
 * Tuning of the consume → bulk pipeline, snapshotted from configuration at startup.
 *
 * @param bulkMaxBytes      a bulk is sent once its documents reach this many bytes
 * @param bulkMaxDocuments  ... or this many documents
 * @param linger            ... or when its first document has waited this long
 * @param concurrency       bulk requests in flight at once
 * @param maxInFlightBytes  document bytes handed to bulks and not yet finished; above it the
 *                          consumer pauses its partitions (bounded memory when Elasticsearch is slow)
 * @param commitInterval    how often finished offsets are committed
 * @param revokeTimeout     how long a revoke waits for in-flight bulks of the revoked partitions
 * @param shutdownTimeout   how long shutdown waits for in-flight bulks
 * @param backoffInitial    first retry delay
 * @param backoffMax        longest retry delay; bounds how late a recovered Elasticsearch is noticed
 */
public record TransferSettings(int bulkMaxBytes, int bulkMaxDocuments, Duration linger, int concurrency,
                               long maxInFlightBytes, Duration commitInterval, Duration revokeTimeout,
                               Duration shutdownTimeout, Duration backoffInitial, Duration backoffMax) {

    public TransferSettings {
        if (bulkMaxBytes <= 0 || bulkMaxDocuments <= 0 || concurrency <= 0 || maxInFlightBytes <= 0) {
            throw new IllegalArgumentException("bulk sizes, concurrency and in-flight bytes must be positive");
        }
    }

    public static TransferSettings defaults() {
        return new TransferSettings(5 * 1024 * 1024, 5_000, Duration.ofMillis(200), 2, 64L * 1024 * 1024,
                Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(20),
                Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    /**
     * Batches handed to workers at once: one running per worker and one sealed in reserve, so a
     * worker that finishes starts again at once. Filling a batch takes milliseconds, a bulk
     * hundreds, so one reserve suffices; every batch more is live heap that each young collection
     * copies (a reserve per worker cost GC time and memory, not throughput).
     */
    public int maxInFlightBatches() {
        return concurrency + 1;
    }
}
