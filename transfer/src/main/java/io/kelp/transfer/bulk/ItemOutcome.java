package io.kelp.transfer.bulk;

import java.util.Set;

/** What to do with one bulk item after Elasticsearch answered for it. */
public enum ItemOutcome {
    /** Stored: its offset may be committed. */
    INDEXED,
    /** Elasticsearch is overloaded or a shard is unavailable: send it again after a backoff. */
    RETRY,
    /** The document itself is unacceptable: it goes to the dead-letter topic with the error. */
    DEAD_LETTER;

    /**
     * Errors that say "not now" rather than "never", even though their status is a 4xx: a read-only
     * index after the disk flood stage (403 cluster_block_exception), a closed index. Dead-lettering
     * those would empty the whole stream into the dead-letter topic during an operational problem.
     */
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "cluster_block_exception",
            "index_closed_exception",
            "es_rejected_execution_exception",
            "unavailable_shards_exception",
            "no_shard_available_action_exception",
            "circuit_breaking_exception",
            "process_cluster_event_timeout_exception");

    /** Classifies one item by its HTTP status and error type (null when it has no error). */
    public static ItemOutcome classify(int status, String errorType) {
        if (status >= 200 && status < 300) {
            return INDEXED;
        }
        if (status == 429 || status >= 500 || status == 408) {
            return RETRY;
        }
        if (errorType != null && TRANSIENT_TYPES.contains(errorType)) {
            return RETRY;
        }
        // Everything else (mapping and parsing errors, illegal arguments, ...) will fail the same
        // way on every attempt; dead-lettering keeps the partition moving without losing the record.
        return DEAD_LETTER;
    }
}
