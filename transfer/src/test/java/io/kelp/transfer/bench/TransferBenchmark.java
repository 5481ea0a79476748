package io.kelp.transfer.bench;

import io.etcd.jetcd.ByteSequence;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.EventBatchRecords;
import io.kelp.testkit.FreePorts;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;
import io.kelp.testkit.measure.ImageEnvironment;
import org.apache.http.HttpHost;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 4's benchmark (a program, not a test): N agent-format log lines in a topic, packed as the
 * agent packs them (event-batch records of up to 32 KiB, the source's fields once per record),
 * indexed by the transfer (the packaged app, as a child process) and, in the same run and into the
 * same single-node Elasticsearch with the same index template, by a raw {@code _bulk} loader tuned
 * for the best bulk size and concurrency, which sends the same documents (each line's event merged
 * with the source's fields, byte for byte what the transfer sends) under the same ids. Prints a
 * Markdown report and writes it as a section of {@code kelp.bench.docs}.
 *
 * <p>Settings (system properties): kelp.bench.records (1000000 documents, i.e. log lines),
 * kelp.bench.partitions (3), kelp.bench.rounds (2), kelp.bench.transfer-jvm-options (the image's
 * {@code JAVA_OPTS}, read from its Dockerfile), kelp.bench.transfer-options (extra -D for the
 * transfer, space-separated), kelp.bench.docs (transfer/target/transfer-benchmark.md; "none" prints
 * the report only), kelp.bench.raw ("docs,concurrency" for the raw loader instead of its trials, for
 * quick iterations), kelp.bench.transfer-jar (another build of the app).
 */
public final class TransferBenchmark {

    private static final CollectionRef COLLECTION = new CollectionRef("bench", "logs");
    private static final String RAW_PREFIX = "bench-raw_";
    private static final String TRANSFER_PREFIX = "bench-xfer_";
    private static final Pattern INDEXED = Pattern.compile("(?m)^kelp_transfer_documents_indexed_total ([0-9.E]+)");
    /** HTTP/1.1: the JDK client's h2c upgrade can hang against Vert.x. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Another build of the app can be measured with the same harness, e.g. a before/after comparison. */
    private final Path jar = Path.of(System.getProperty("kelp.bench.transfer-jar", "transfer/target/quarkus-app/quarkus-run.jar"));
    private final int records = Integer.getInteger("kelp.bench.records", 1_000_000);
    private final int partitions = Integer.getInteger("kelp.bench.partitions", 3);
    private static final Path IMAGE_DOCKERFILE = Path.of("images/transfer/Dockerfile");
    private final String jvmOptions = System.getProperty("kelp.bench.transfer-jvm-options",
            ImageEnvironment.of(IMAGE_DOCKERFILE).javaOptions());
    private final String transferOptions = System.getProperty("kelp.bench.transfer-options", "");
    /** Null when the report is only printed ({@code -Dkelp.bench.docs=none}). */
    private final Path docs = "none".equals(System.getProperty("kelp.bench.docs")) ? null
            : Path.of(System.getProperty("kelp.bench.docs", "transfer/target/transfer-benchmark.md"));
    private final int rounds = Integer.getInteger("kelp.bench.rounds", 2);
    /** "docs,concurrency" skips the raw loader's trials (for quick iterations; the report says so). */
    private final String rawSettings = System.getProperty("kelp.bench.raw", "");
    private final List<String> report = new ArrayList<>();
    /** Kafka records the documents were packed into. */
    private long kafkaRecords;
    private RestClient es;

    public static void main(String[] args) throws Exception {
        new TransferBenchmark().run();
        System.exit(0); // the in-JVM Kafka broker's threads would keep the JVM alive
    }

    private void run() throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B -o package -DskipTests -pl transfer first");
        }
        es = RestClient.builder(HttpHost.create(KelpServers.elasticsearch().url())).build();
        log("servers up: Kafka %s, Elasticsearch %s", KelpServers.kafka().bootstrapServers(), KelpServers.elasticsearch().url());
        esCall("PUT", "/_index_template/bench", BenchDocuments.indexTemplate("bench-*"));
        produce();

        int[] best = tuneRawLoader();
        // Alternate the loaders in ABBA order: this machine's speed drifts (other work, index
        // merges, Elasticsearch's own warm-up), and with each loader first in half of the rounds a
        // steady drift falls on both alike instead of favouring whichever always runs first.
        List<Double> raw = new ArrayList<>();
        List<TransferResult> transfers = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                raw.add(rawRun(best));
                transfers.add(transferRun(best));
            } else {
                transfers.add(transferRun(best));
                raw.add(rawRun(best));
            }
        }
        writeReport(best, raw, transfers);
    }

    /**
     * Packs consecutive lines into event-batch records as the agent does: up to 32 KiB of value,
     * the timestamp of a record its first line's, the key its first line's id.
     */
    private void produce() throws Exception {
        KelpServers.kafka().createTopic(COLLECTION.topic(), partitions);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KelpServers.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", // as the agent produces
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            EventBatchRecords.Writer writer = new EventBatchRecords.Writer(BenchDocuments.sharedObject(),
                    BenchDocuments.RECORD_VALUE_BYTES);
            for (long seq = 0; seq < records; seq++) {
                send(producer, writer.add(BenchDocuments.id(seq), BenchDocuments.event(seq), BenchDocuments.timestamp(seq)));
            }
            send(producer, writer.flush());
            producer.flush();
        }
        log("produced %d documents in %d records to %s (%d partitions) in %.1f s", records, kafkaRecords,
                COLLECTION.topic(), partitions, (System.nanoTime() - start) / 1e9);
    }

    private void send(KafkaProducer<byte[], byte[]> producer, EventBatchRecords.Value value) {
        if (value != null) {
            producer.send(value.toRecord(COLLECTION.topic()));
            kafkaRecords++;
        }
    }

    /** Tries bulk sizes and concurrencies on a slice of the documents; returns the fastest {docs, threads}. */
    private int[] tuneRawLoader() throws Exception {
        int slice = Math.min(records, 100_000);
        // warm-up, not reported: Elasticsearch's first bulks run interpreted and slow
        RawBulkLoader.load(es, RAW_PREFIX, 0, slice, 2500, 2);
        if (!rawSettings.isBlank()) {
            String[] fixed = rawSettings.split(",");
            report.add("Raw loader settings fixed by kelp.bench.raw, no trials.");
            return new int[] {Integer.parseInt(fixed[0].trim()), Integer.parseInt(fixed[1].trim())};
        }
        int[] best = null;
        double bestRate = 0;
        report.add("| raw loader trial (" + slice + " docs) | docs/s |");
        report.add("|---|---:|");
        for (int bulkDocs : new int[] {1000, 2500, 5000}) {
            for (int threads : new int[] {1, 2, 4}) {
                deleteIndices(RAW_PREFIX + "*");
                long nanos = RawBulkLoader.load(es, RAW_PREFIX, 0, slice, bulkDocs, threads);
                double rate = slice / (nanos / 1e9);
                log("raw trial: %d docs/bulk, %d threads: %.0f docs/s", bulkDocs, threads, rate);
                report.add(String.format(Locale.ROOT, "| %d docs/bulk, %d concurrent | %.0f |", bulkDocs, threads, rate));
                if (rate > bestRate) {
                    bestRate = rate;
                    best = new int[] {bulkDocs, threads};
                }
            }
        }
        deleteIndices(RAW_PREFIX + "*");
        return best;
    }

    private double rawRun(int[] best) throws Exception {
        deleteIndices("bench-*_*");
        long nanos = RawBulkLoader.load(es, RAW_PREFIX, 0, records, best[0], best[1]);
        esCall("POST", "/" + RAW_PREFIX + "*/_refresh", null);
        long count = count(RAW_PREFIX + "*");
        if (count != records) {
            throw new IllegalStateException("raw loader indexed " + count + " of " + records);
        }
        double rate = records / (nanos / 1e9);
        log("raw _bulk: %d docs in %.1f s = %.0f docs/s", records, nanos / 1e9, rate);
        return rate;
    }

    /**
     * @param rate       documents per second from ready (subscribed) to the last acknowledgement
     * @param steadyRate documents per second from the first acknowledgement to the last (no warm-up)
     */
    private record TransferResult(double rate, double steadyRate, double seconds, double cpuSeconds, long peakRssKiB,
                                  long rssKiB, Map<String, Double> cpuByRole, double loadAverage) {
    }

    private TransferResult transferRun(int[] best) throws Exception {
        deleteIndices("bench-*_*");
        try {
            KelpServers.kafka().admin().deleteConsumerGroups(List.of(COLLECTION.consumerGroup())).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // no such group yet: the transfer starts from the beginning anyway
        }
        CollectionTask task = new CollectionTask(COLLECTION, 1, null, null,
                new CollectionTask.Sink(COLLECTION.topic(), TRANSFER_PREFIX));
        KelpServers.etcd().client().getKVClient().put(ByteSequence.from(COLLECTION.taskKey(), StandardCharsets.UTF_8),
                ByteSequence.from(task.toJson())).get(10, TimeUnit.SECONDS);

        int port = FreePorts.next();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.add("-Dkelp.transfer.collection=" + COLLECTION);
        command.add("-Dkelp.kafka.bootstrap-servers=" + KelpServers.kafka().bootstrapServers());
        command.add("-Dkelp.elasticsearch.url=" + KelpServers.elasticsearch().url());
        command.add("-Dkelp.etcd.endpoints=" + KelpServers.etcd().endpoint());
        command.add("-Dquarkus.http.port=" + port);
        // the transfer gets the bulk size and concurrency found best for the raw loader
        command.add("-Dkelp.transfer.bulk.max-documents=" + best[0]);
        command.add("-Dkelp.transfer.bulk.concurrency=" + best[1]);
        if (!transferOptions.isBlank()) {
            command.addAll(List.of(transferOptions.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ManagedProcess transfer = ManagedProcess.command("transfer-benchmark", command).start();
        try {
            transfer.waitUntilHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(120));
            ProcessStats atReady = ProcessStats.of(transfer.pid());
            double loadAverage = loadAverage();
            long start = System.nanoTime();
            long firstNanos = 0;
            long firstIndexed = 0;
            for (long indexed = indexed(port); indexed < records; indexed = indexed(port)) {
                if (!transfer.isAlive()) {
                    throw transfer.failure("exited during the benchmark");
                }
                if (firstNanos == 0 && indexed > 0) {
                    firstNanos = System.nanoTime();
                    firstIndexed = indexed;
                }
                Thread.sleep(pollPause(indexed, System.nanoTime() - start));
            }
            long end = System.nanoTime();
            double seconds = (end - start) / 1e9;
            double steadyRate = (records - firstIndexed) / ((end - firstNanos) / 1e9);
            ProcessStats atEnd = ProcessStats.of(transfer.pid());
            esCall("POST", "/" + TRANSFER_PREFIX + "*/_refresh", null);
            long count = count(TRANSFER_PREFIX + "*");
            if (count != records) {
                throw new IllegalStateException("transfer indexed " + count + " of " + records);
            }
            TransferResult result = new TransferResult(records / seconds, steadyRate, seconds,
                    atEnd.cpuSeconds() - atReady.cpuSeconds(), atEnd.peakRssKiB(), atEnd.rssKiB(),
                    atEnd.cpuByRoleSince(atReady), loadAverage);
            log("transfer: %d docs in %.1f s = %.0f docs/s (%.0f after the first bulk), %.1f CPU s %s, peak RSS %d MiB,"
                            + " load %.1f", records, seconds, result.rate(), steadyRate, result.cpuSeconds(),
                    rounded(result.cpuByRole()), result.peakRssKiB() / 1024, loadAverage);
            return result;
        } finally {
            transfer.stop(Duration.ofSeconds(30));
        }
    }

    private void writeReport(int[] best, List<Double> raw, List<TransferResult> transfers) throws Exception {
        double rawMean = raw.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double transferMean = transfers.stream().mapToDouble(TransferResult::rate).average().orElseThrow();
        double steadyMean = transfers.stream().mapToDouble(TransferResult::steadyRate).average().orElseThrow();
        List<String> out = new ArrayList<>();
        out.add("### Transfer vs raw `_bulk` (issue 4)");
        out.add("");
        out.add(String.format(Locale.ROOT, "%d agent-format documents (~%d bytes each as indexed) packed as the agent "
                        + "packs them into %d event-batch records (up to %d KiB of value: the source's fields once, "
                        + "one line per event; lz4 in Kafka) in a %d-partition topic; single-node Elasticsearch %s "
                        + "(512 MB heap) on the same %d-core machine; both loaders write fresh indices with the same "
                        + "template (the operator's mappings, 1 shard, 0 replicas) and the same documents and ids.",
                records, BenchDocuments.document(records / 2).length, kafkaRecords,
                BenchDocuments.RECORD_VALUE_BYTES / 1024, partitions, KelpServers.elasticsearch().version(),
                Runtime.getRuntime().availableProcessors()));
        out.add("Raw loader: pre-built NDJSON bodies (built before its clock starts), the best bulk size and "
                + "concurrency of the trials below. Transfer: the packaged app as a child process (`" + jvmOptions
                + "`, bulk size and concurrency set to the raw loader's best" + (transferOptions.isBlank() ? ""
                : ", `" + transferOptions + "`") + "), timed from ready to the last document acknowledged "
                + "(\"after first bulk\" leaves out group join and JVM warm-up). The loaders alternate in ABBA order (raw first in odd rounds, the transfer first in even ones), "
                + rounds + " rounds.");
        out.add("");
        out.add("| round | raw `_bulk` docs/s | transfer docs/s | after first bulk | transfer CPU s | peak RSS MiB "
                + "| load average |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < transfers.size(); i++) {
            TransferResult t = transfers.get(i);
            out.add(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.1f | %d | %.1f |", i + 1, raw.get(i),
                    t.rate(), t.steadyRate(), t.cpuSeconds(), t.peakRssKiB() / 1024, t.loadAverage()));
        }
        out.add(String.format(Locale.ROOT, "| **mean** | **%.0f** | **%.0f (%.2f×)** | %.0f (%.2f×) | | | |", rawMean,
                transferMean, transferMean / rawMean, steadyMean, steadyMean / rawMean));
        out.add("");
        double cpu = transfers.stream().mapToDouble(TransferResult::cpuSeconds).average().orElseThrow();
        out.add(String.format(Locale.ROOT, "Transfer cost: %.1f CPU seconds per %d documents (%.1f µs per document), "
                        + "peak RSS %d MiB. Raw loader: %d docs/bulk, %d concurrent.", cpu, records, cpu * 1e6 / records,
                transfers.stream().mapToLong(TransferResult::peakRssKiB).max().orElseThrow() / 1024, best[0], best[1]));
        out.add("");
        out.add(cpuByRole(transfers));
        out.add("");
        out.addAll(report);
        String body = String.join("\n", out);
        System.out.println("\n" + body + "\n");
        if (docs == null) {
            return;
        }
        String begin = "<!-- BEGIN transfer-throughput (generated, do not edit by hand) -->";
        String end = "<!-- END transfer-throughput -->";
        String current = Files.exists(docs) ? Files.readString(docs) : "";
        int from = current.indexOf(begin);
        int to = current.indexOf(end);
        String section = begin + "\n" + body + "\n" + end;
        String updated = from >= 0 && to > from ? current.substring(0, from) + section + current.substring(to + end.length())
                : current + (current.isEmpty() || current.endsWith("\n\n") ? "" : "\n") + section + "\n";
        Files.createDirectories(docs.toAbsolutePath().getParent());
        Files.writeString(docs, updated);
        log("report written to %s", docs);
    }

    /**
     * How long to wait before the next scrape. A Prometheus scrape costs the transfer 3-8 ms of CPU
     * (every 250 ms that was a tenth of its total), so wait a third of the estimated time left,
     * between 50 ms and 2 s: a dozen or two scrapes per run, and the end still seen within ~50 ms.
     */
    private long pollPause(long indexed, long elapsedNanos) {
        if (indexed == 0) {
            return 500;
        }
        double leftMillis = (records - indexed) * (elapsedNanos / 1e6) / indexed;
        return Math.max(50, Math.min(2000, (long) (leftMillis / 3)));
    }

    /** Where the transfer's CPU went, mean of the rounds, by what its threads do. */
    private static String cpuByRole(List<TransferResult> transfers) {
        Map<String, String> meaning = Map.of("consume", "`kelp-consume` (poll, lz4, batching)",
                "bulk", "`kelp-bulk-*` (bodies, responses)", "http", "HTTP client I/O", "jit", "JIT compilers",
                "gc", "GC and VM thread", "vertx", "Vert.x event loops and Quarkus workers (the benchmark's metric polling, the etcd watch)",
                "other", "other threads");
        List<String> parts = new ArrayList<>();
        for (String role : ProcessStats.ROLES) {
            double mean = transfers.stream().mapToDouble(t -> t.cpuByRole().getOrDefault(role, 0.0)).average().orElse(0);
            parts.add(String.format(Locale.ROOT, "%s %.1f", meaning.get(role), mean));
        }
        return "Transfer CPU seconds by thread, from ready to the last document (mean of the rounds): "
                + String.join(", ", parts) + ".";
    }

    private static Map<String, String> rounded(Map<String, Double> seconds) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        seconds.forEach((k, v) -> out.put(k, String.format(Locale.ROOT, "%.2f", v)));
        return out;
    }

    /** The 1-minute load average: the machine is shared, and the figures move with it. */
    private static double loadAverage() throws java.io.IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private long indexed(int port) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = INDEXED.matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private long count(String pattern) throws Exception {
        String answer = esCall("GET", "/" + pattern + "/_count", null);
        Matcher m = Pattern.compile("\"count\":(\\d+)").matcher(answer);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private void deleteIndices(String pattern) throws Exception {
        esCall("DELETE", "/" + pattern + "?allow_no_indices=true&ignore_unavailable=true", null);
    }

    private String esCall(String method, String path, String json) throws Exception {
        Request request = new Request(method, path);
        if (json != null) {
            request.setJsonEntity(json);
        }
        return EntityUtils.toString(es.performRequest(request).getEntity());
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
