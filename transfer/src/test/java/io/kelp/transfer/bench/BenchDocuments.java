package io.kelp.transfer.bench;

import io.kelp.contract.RecordId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Agent-format log lines, the same bytes for every loader: line {@code seq} always yields the same
 * id, event time and JSON (the fields and order the agent's RecordEncoder writes). The agent ships
 * them as {@link io.kelp.contract.EventBatch} records: the source's fields ({@link #sharedObject})
 * once per record, then each line's own fields ({@link #event}); the document indexed for a line,
 * {@link #document}, is its event with the source's fields appended, byte for byte what the
 * transfer writes into its bulk bodies (BenchDocumentsTest checks that).
 */
final class BenchDocuments {

    /** 2026-11-21T00:00:00Z; one record per millisecond keeps a million records inside one day. */
    static final long START_MILLIS = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    /** The agent packs consecutive lines of a file into record values of up to this size. */
    static final int RECORD_VALUE_BYTES = 32 * 1024;
    private static final long SOURCE_ID = 0x0be7c4_0000_0001L;
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    private static final String[] WORDS = {"request", "served", "GET", "/api/v1/orders", "user", "cache", "miss",
            "took", "ms", "status", "upstream", "retry", "connection", "pool", "checkout", "payment"};
    private static final String SOURCE_FIELDS = ",\"log.file.path\":\"/var/log/pods/shop_web-7d9c_0f0e7a52/app/0.log\""
            + ",\"kubernetes.namespace\":\"shop\",\"kubernetes.pod.name\":\"web-7d9c\""
            + ",\"kubernetes.pod.uid\":\"0f0e7a52-1111-4d2b-9a61-6f1e2b3c4d5e\",\"kubernetes.container.name\":\"app\""
            + ",\"kubernetes.node.name\":\"node-1\",\"kubernetes.labels\":{\"app\":\"web\",\"app.kubernetes.io/name\":\"web\"}"
            + ",\"host.name\":\"node-1\",\"kelp.collection\":\"shop/web\"";

    private BenchDocuments() {
    }

    static long timestamp(long seq) {
        return START_MILLIS + seq;
    }

    static String id(long seq) {
        return RecordId.of(SOURCE_ID, seq * 131);
    }

    /** The fields every line of the benchmark's one source shares, as the first line of a record value. */
    static String sharedObject() {
        return "{" + SOURCE_FIELDS.substring(1) + "}";
    }

    /** Line {@code seq}'s own fields, as an event line of a record value carries them. */
    static String event(long seq) {
        return "{\"@timestamp\":\"" + Instant.ofEpochMilli(timestamp(seq)) + "\",\"message\":\"" + message(seq)
                + "\",\"stream\":\"stdout\",\"log.offset\":" + (seq * 131) + "}";
    }

    /** The document indexed for line {@code seq}: its event with the shared fields appended. */
    static byte[] document(long seq) {
        String event = event(seq);
        return (event.substring(0, event.length() - 1) + SOURCE_FIELDS + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String message(long seq) {
        StringBuilder message = new StringBuilder(160);
        message.append(LEVELS[(int) (seq % LEVELS.length)]).append(' ');
        long x = seq * 0x9E3779B97F4A7C15L;
        int words = 8 + (int) ((seq * 7) % 14);
        for (int i = 0; i < words; i++) {
            message.append(WORDS[(int) ((x >>> (i * 4)) & 0xF)]).append(' ');
        }
        message.append("id=").append(seq);
        return message.toString();
    }

    /** The index template both loaders' indices get: the operator's mappings, one shard, no replica. */
    static String indexTemplate(String pattern) {
        return "{\"index_patterns\":[\"" + pattern + "\"],\"priority\":500,\"template\":{"
                + "\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
                + "\"mappings\":{\"dynamic_templates\":[{\"labels_as_keywords\":{\"path_match\":\"kubernetes.labels.*\","
                + "\"mapping\":{\"type\":\"keyword\"}}}],\"properties\":{"
                + "\"@timestamp\":{\"type\":\"date\"},\"message\":{\"type\":\"text\"},\"stream\":{\"type\":\"keyword\"},"
                + "\"log\":{\"properties\":{\"level\":{\"type\":\"keyword\"},\"file\":{\"properties\":{\"path\":{\"type\":\"keyword\"}}},"
                + "\"offset\":{\"type\":\"long\"}}},"
                + "\"kubernetes\":{\"properties\":{\"namespace\":{\"type\":\"keyword\"},"
                + "\"pod\":{\"properties\":{\"name\":{\"type\":\"keyword\"},\"uid\":{\"type\":\"keyword\"}}},"
                + "\"container\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}},"
                + "\"node\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}},"
                + "\"labels\":{\"type\":\"object\",\"subobjects\":false}}},"
                + "\"host\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}},"
                + "\"kelp\":{\"properties\":{\"collection\":{\"type\":\"keyword\"},\"flags\":{\"type\":\"keyword\"}}}"
                + "}}}}";
    }
}
