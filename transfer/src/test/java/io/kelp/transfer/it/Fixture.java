package io.kelp.transfer.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.EventBatch;
import io.kelp.contract.RecordId;
import io.kelp.testkit.EventBatchRecords;
import io.kelp.testkit.KelpServers;
import io.kelp.transfer.TransferRuntime;
import io.kelp.transfer.pipeline.TransferSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

/** Real servers from the test kit and the few things every transfer IT does with them. */
final class Fixture {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long DAY_ONE = Instant.parse("2026-11-20T12:00:00Z").toEpochMilli();
    static final long DAY_TWO = Instant.parse("2026-11-21T12:00:00Z").toEpochMilli();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long SOURCE_ID = 0x5eed_0000_0000_0001L;

    private Fixture() {
    }

    /** A collection no other test uses, so tests share the servers without seeing each other. */
    static CollectionRef newCollection(String what) {
        return new CollectionRef("it", what + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet());
    }

    static TransferRuntime.Endpoints endpoints() {
        return new TransferRuntime.Endpoints(KelpServers.kafka().bootstrapServers(),
                KelpServers.elasticsearch().url(), KelpServers.etcd().endpoint());
    }

    /** Small, fast settings: short linger and backoff so tests do not wait on timers. */
    static TransferSettings settings() {
        TransferSettings d = TransferSettings.defaults();
        return new TransferSettings(256 * 1024, 500, Duration.ofMillis(50), 2, d.maxInFlightBytes(),
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(50),
                Duration.ofSeconds(1));
    }

    /** Creates the topic; the kit returns once every partition has a leader, so the first produce does not race it. */
    static void createTopic(CollectionRef ref, int partitions) {
        KelpServers.kafka().createTopic(ref.topic(), partitions);
    }

    static void putTask(CollectionRef ref, CollectionTask.Sink sink) {
        CollectionTask task = new CollectionTask(ref, 1, null, null, sink);
        try {
            KelpServers.etcd().client().getKVClient().put(bytes(ref.taskKey()), ByteSequence.from(task.toJson()))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot put task " + ref.taskKey(), e);
        }
    }

    static void putTask(CollectionRef ref) {
        putTask(ref, CollectionTask.Sink.of(ref));
    }

    static String recordId(long seq) {
        return RecordId.of(SOURCE_ID, seq * 100);
    }

    /** The document the agent would write for line {@code seq}. */
    static String document(long seq, long timestamp) {
        return "{\"@timestamp\":\"" + Instant.ofEpochMilli(timestamp) + "\",\"message\":\"line " + seq
                + "\",\"seq\":" + seq + "}";
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KelpServers.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // one request at a time: a retried first batch (NOT_LEADER right after the topic
                // was created) cannot be overtaken by the next one (OUT_OF_ORDER_SEQUENCE)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Produces lines {@code from..to-1} as one-document records (no layout header): key = record id, timestamp = event time. */
    static void produce(CollectionRef ref, long from, long to, LongFunction<Long> timestampOf) {
        java.util.List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (long seq = from; seq < to; seq++) {
            long ts = timestampOf.apply(seq);
            records.add(new ProducerRecord<>(ref.topic(), null, ts,
                    recordId(seq).getBytes(StandardCharsets.UTF_8), document(seq, ts).getBytes(StandardCharsets.UTF_8)));
        }
        send(ref, records);
    }

    /** The fields every event of the ITs' one source shares, sent once per event-batch record. */
    static final String SHARED_FIELDS = "{\"log.file.path\":\"/var/log/it/app.log\",\"host.name\":\"it-node\"}";
    /**
     * Event-batch values of the ITs: smaller than the agent's 32 KiB, so a test's few thousand
     * lines still make many records, and kills, revokes and commits fall between records.
     */
    static final int EVENT_BATCH_BYTES = 4 * 1024;

    /** The document indexed for line {@code seq} of an event-batch record: its event with the shared fields. */
    static String mergedDocument(long seq, long timestamp) {
        String event = document(seq, timestamp);
        return event.substring(0, event.length() - 1) + "," + SHARED_FIELDS.substring(1);
    }

    /**
     * Produces lines {@code from..to-1} as the agent does: event-batch records of one source, each
     * event's id its record id, packed up to {@link #EVENT_BATCH_BYTES} and never across a UTC day
     * (so with {@link #twoDays} the two days' lines fill two interleaved runs of records). Returns
     * the number of records, which is what the committed offsets count.
     */
    static long produceEvents(CollectionRef ref, long from, long to, LongFunction<Long> timestampOf) {
        Map<Long, EventBatchRecords.Writer> writerPerDay = new java.util.TreeMap<>();
        java.util.List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (long seq = from; seq < to; seq++) {
            long ts = timestampOf.apply(seq);
            EventBatchRecords.Value full = writerPerDay.computeIfAbsent(Math.floorDiv(ts, 86_400_000L),
                    day -> new EventBatchRecords.Writer(SHARED_FIELDS, EVENT_BATCH_BYTES)).add(recordId(seq), document(seq, ts), ts);
            if (full != null) {
                records.add(full.toRecord(ref.topic()));
            }
        }
        for (EventBatchRecords.Writer writer : writerPerDay.values()) {
            EventBatchRecords.Value last = writer.flush();
            if (last != null) {
                records.add(last.toRecord(ref.topic()));
            }
        }
        send(ref, records);
        return records.size();
    }

    /** Sends and waits for every acknowledgement: a test that silently produced less would wait for documents that never come. */
    static void send(CollectionRef ref, java.util.List<ProducerRecord<byte[], byte[]>> records) {
        java.util.List<java.util.concurrent.Future<?>> acks = new java.util.ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                acks.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing to " + ref.topic() + " failed", e);
        }
    }

    /** One record with this key and value into partition 0. */
    static void produceRaw(CollectionRef ref, String key, String value, long timestamp) {
        send(ref, java.util.List.of(new ProducerRecord<>(ref.topic(), 0, timestamp, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))));
    }

    /** One record marked with the event-batch layout header, its value as given (well-formed or not), into partition 0. */
    static void produceRawEventBatch(CollectionRef ref, String key, String value, long timestamp) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(ref.topic(), 0, timestamp,
                key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventBatch.LAYOUT_HEADER, EventBatch.eventsLayoutHeaderValue());
        send(ref, java.util.List.of(record));
    }

    static long count(String indexPattern) {
        JsonNode answer = es("POST", "/" + indexPattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
        answer = es("GET", "/" + indexPattern + "/_count?ignore_unavailable=true&allow_no_indices=true", null);
        return answer.path("count").asLong(-1);
    }

    /** Sum of the {@code seq} field: equals n(n-1)/2 only when every line 0..n-1 is there once. */
    static long seqSum(String indexPattern) {
        es("POST", "/" + indexPattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
        JsonNode answer = es("POST", "/" + indexPattern + "/_search?size=0&allow_no_indices=true",
                "{\"aggs\":{\"s\":{\"sum\":{\"field\":\"seq\"}}}}");
        return answer.path("aggregations").path("s").path("value").asLong(-1);
    }

    /** Sum of the group's committed offsets over all partitions, or -1 when unknown. */
    static long committedTotal(CollectionRef ref) {
        try {
            return KelpServers.kafka().admin().listConsumerGroupOffsets(ref.consumerGroup())
                    .partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(o -> o == null ? 0 : o.offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    static JsonNode document(String index, String id) {
        return es("GET", "/" + index + "/_doc/" + id, null);
    }

    static JsonNode es(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(KelpServers.elasticsearch().url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** Even lines on day one, odd lines on day two: deterministic, so a re-send lands in the same index. */
    static long twoDays(long seq) {
        return (seq % 2 == 0 ? DAY_ONE : DAY_TWO) + seq;
    }
}
