package io.kelp.bench;

import io.kelp.agent.ship.KafkaRecordSender;
import io.kelp.testkit.KelpServers;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An experiment behind the agent's next design step (a program, not a test): what the Java Kafka
 * producer costs per record, against what it costs per byte. The agent sends one ECS document per
 * line, one Kafka record each, with a callback each (its acknowledgement bookkeeping); its profile
 * shows most of the tailing thread inside {@code KafkaProducer.send}. This program sends the same
 * documents with the agent's producer settings once as one record per document and once packed
 * {@code kelp.bench.docs-per-record} documents to a record (newline-separated), and reports the CPU
 * of the sending thread and of the producer's I/O thread for each, alternating the two.
 *
 * <pre>
 * java -cp ... io.kelp.bench.ProducerBatchingBenchmark   [-Dkelp.bench.documents=1000000 -Dkelp.bench.docs-per-record=32]
 * </pre>
 */
public final class ProducerBatchingBenchmark {

    private static final int DOCUMENTS = Integer.getInteger("kelp.bench.documents", 1_000_000);
    private static final int DOCS_PER_RECORD = Integer.getInteger("kelp.bench.docs-per-record", 32);
    private static final int ROUNDS = Integer.getInteger("kelp.bench.rounds", 3);
    /** Distinct documents, reused round-robin: a million of them would not fit a small benchmark heap. */
    private static final int POOL = 50_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Result(double wallSeconds, double senderCpu, double ioThreadCpu) {
    }

    public static void main(String[] args) throws Exception {
        try {
            run();
        } finally {
            System.exit(0); // the in-JVM broker's threads would keep the JVM alive, also after a failure
        }
    }

    private static void run() throws Exception {
        byte[][] documents = documents();
        long bytes = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            bytes += documents[i % POOL].length;
        }
        System.out.printf(Locale.ROOT, "%d documents, %.0f bytes each on average, to %d-partition topics, acks=all, lz4%n",
                DOCUMENTS, (double) bytes / DOCUMENTS, BenchRig.PARTITIONS);
        // All topics up front, leaders elected: an idempotent producer's first batch to a partition
        // created a moment before can be refused for good (KAFKA-15591, agent DESIGN.md).
        List<String> topics = new ArrayList<>();
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            topics.add("warm-up-single-" + warmUp);
            topics.add("warm-up-packed-" + warmUp);
        }
        for (int round = 1; round <= ROUNDS; round++) {
            topics.add("round-" + round + "-1");
            topics.add("round-" + round + "-" + DOCS_PER_RECORD);
        }
        for (String topic : topics) {
            KelpServers.kafka().createTopic(topic, BenchRig.PARTITIONS);
            KelpServers.kafka().awaitLeaders(topic, Duration.ofSeconds(30));
        }
        Thread.sleep(2_000);
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            send("warm-up-single-" + warmUp, documents, 1);
            send("warm-up-packed-" + warmUp, documents, DOCS_PER_RECORD);
        }
        System.out.println("| round | records | wall s | sending thread CPU s | producer I/O thread CPU s | CPU s per M documents |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (int round = 1; round <= ROUNDS; round++) {
            for (int perRecord : new int[] {1, DOCS_PER_RECORD}) {
                Result r = send("round-" + round + "-" + perRecord, documents, perRecord);
                System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %.2f |%n", round,
                        perRecord == 1 ? "1 per document" : perRecord + " documents each", r.wallSeconds(),
                        r.senderCpu(), r.ioThreadCpu(), (r.senderCpu() + r.ioThreadCpu()) * 1e6 / DOCUMENTS);
            }
        }
    }

    /** ECS-shaped documents of the agent's size (~690 bytes), around realistic log lines. */
    private static byte[][] documents() {
        LogLines lines = new LogLines(42, 1_760_000_000_000L);
        byte[][] documents = new byte[POOL][];
        for (int i = 0; i < POOL; i++) {
            String message = new String(lines.next(), StandardCharsets.US_ASCII).replace("\\", "\\\\").replace("\"", "\\\"");
            documents[i] = ("{\"@timestamp\":\"2025-10-09T08:53:20." + String.format(Locale.ROOT, "%03d", i % 1000)
                    + "Z\",\"message\":\"" + message + "\",\"stream\":\"stdout\",\"log\":{\"level\":\"info\","
                    + "\"file\":{\"path\":\"/var/log/pods/shop_web-7c9f8d6b5-x2x4k_0f9e4c2a-8b1d-4e5f-9a7c-3d2b1e0f4a5c/nginx/0.log\"},"
                    + "\"offset\":" + (i * 190L) + "},\"kubernetes\":{\"namespace\":\"shop\",\"pod\":{\"name\":\"web-7c9f8d6b5-x2x4k\","
                    + "\"uid\":\"0f9e4c2a-8b1d-4e5f-9a7c-3d2b1e0f4a5c\"},\"container\":{\"name\":\"nginx\"},"
                    + "\"node\":{\"name\":\"node-1\"},\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"7c9f8d6b5\"}},"
                    + "\"host\":{\"name\":\"node-1\"},\"kelp\":{\"collection\":\"shop/web\",\"flags\":[]}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return documents;
    }

    private static Result send(String topic, byte[][] documents, int perRecord) throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        Callback onAck = (metadata, error) -> {
            if (error != null) {
                throw new IllegalStateException("send failed", error);
            }
            acknowledged.incrementAndGet();
        };
        ByteArrayOutputStream packed = new ByteArrayOutputStream(perRecord * 800);
        long records = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                KafkaRecordSender.config(KelpServers.kafka().bootstrapServers(), Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long ioCpuBefore = ioThreadCpu();
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < DOCUMENTS; i++) {
                byte[] document = documents[i % POOL];
                byte[] key = ("0f9e4c2a8b1d4e5f-" + Long.toHexString(i * 190L)).getBytes(StandardCharsets.US_ASCII);
                if (perRecord == 1) {
                    producer.send(new ProducerRecord<>(topic, null, 1_760_000_000_000L + i, key, document), onAck);
                    records++;
                } else {
                    packed.write(document);
                    packed.write('\n');
                    if ((i + 1) % perRecord == 0 || i == DOCUMENTS - 1) {
                        producer.send(new ProducerRecord<>(topic, null, 1_760_000_000_000L + i, key, packed.toByteArray()), onAck);
                        packed.reset();
                        records++;
                    }
                }
            }
            producer.flush();
            double wall = (System.nanoTime() - start) / 1e9;
            double senderCpu = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
            double ioCpu = (ioThreadCpu() - ioCpuBefore) / 1e9;
            if (acknowledged.get() != records) {
                throw new IllegalStateException(acknowledged.get() + " of " + records + " records acknowledged");
            }
            return new Result(wall, senderCpu, ioCpu);
        }
    }

    /** CPU nanoseconds of the (single) live producer's I/O thread. */
    private static long ioThreadCpu() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("kafka-producer-network-thread")) {
                return THREADS.getThreadCpuTime(thread.getId());
            }
        }
        throw new IllegalStateException("no producer I/O thread");
    }
}
