package io.kelp.operator.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.KubernetesApi;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Benchmark, not a test: N LogCollections reconciled to Ready by the packaged operator (a process,
 * as deployed) against the mock API and real etcd, Kafka and Elasticsearch; then the operator is
 * restarted and the full resync it performs must write nothing.
 *
 * <p>Run after {@code ./mvnw -o package -pl operator}: {@code java -cp <test classpath>
 * io.kelp.operator.bench.ReconcileBenchmark [count]}.
 */
public final class ReconcileBenchmark {

    private static final Pattern WRITES = Pattern.compile("^kelp_operator_writes_total\\{[^}]*target=\"([^\"]+)\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);
    private static final Pattern RECONCILED = Pattern.compile("^operator_sdk_reconciliations_success_total\\{[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        KubernetesApi k8s = KelpServers.kubernetes();
        k8s.loadCrd(Path.of("helm/kelp/crds/logcollections.kelp.io-v1.yml").toFile().exists()
                ? Path.of("helm/kelp/crds/logcollections.kelp.io-v1.yml")
                : Path.of("../helm/kelp/crds/logcollections.kelp.io-v1.yml"));
        String etcd = KelpServers.etcd().endpoint();
        String kafka = KelpServers.kafka().bootstrapServers();
        String es = KelpServers.elasticsearch().url();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        // Extra operator JVM options, e.g. -Dbench.jvm=-XX:StartFlightRecording=filename=op.jfr
        String jvm = System.getProperty("bench.jvm", "");
        if (!jvm.isBlank()) {
            command.addAll(List.of(jvm.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.kubernetes-client.api-server-url=" + k8s.url(),
                "-Dkelp.etcd.endpoints=" + etcd, "-Dkelp.kafka.bootstrap-servers=" + kafka,
                "-Dkelp.elasticsearch.url=" + es, "-Dkelp.operator.server-side-apply=false",
                "-Dquarkus.http.port=18099", "-Dquarkus.log.category.\"io.kelp\".level=" + System.getProperty("bench.log", "INFO"),
                "-jar", jar()));
        System.out.println("load average at start: " + loadAverage());

        Process operator = start(command, "bench-operator-1.log");
        try {
            waitForHttp();
            long started = System.nanoTime();
            create(k8s, count);
            long created = System.nanoTime();
            waitAllReady(k8s, count, 300);
            long ready = System.nanoTime();
            System.out.printf("created %d LogCollections in %.1f s; all Ready after %.1f s%n", count,
                    (created - started) / 1e9, (ready - started) / 1e9);
            // The resync below must start from a settled state to show that it writes nothing.
            waitAllMeasured(k8s, count, 120);
            System.out.printf("all measurements in status after %.1f s%n", (System.nanoTime() - started) / 1e9);
            System.out.println("writes during creation: " + writes());
        } finally {
            stop(operator);
        }

        Process restarted = start(command, "bench-operator-2.log");
        try {
            waitForHttp();
            long started = System.nanoTime();
            double reconciled = 0;
            while (reconciled < count && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(300)) {
                Thread.sleep(500);
                reconciled = reconciled();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(15_000); // three more autoscaler and agent status passes
            System.out.printf("resync after restart: %.0f reconciliations in %.1f s; writes (15 s later): %s%n",
                    reconciled, seconds, writes());
            System.out.println("load average at end: " + loadAverage());
        } finally {
            stop(restarted);
        }
        System.exit(0);
    }

    private static String jar() {
        File local = new File("target/quarkus-app/quarkus-run.jar");
        return local.exists() ? local.getAbsolutePath() : new File("operator/target/quarkus-app/quarkus-run.jar").getAbsolutePath();
    }

    private static Process start(List<String> command, String log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), log)).start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void create(KubernetesApi k8s, int count) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        IntStream.range(0, count).forEach(i -> pool.execute(() -> {
            LogCollection collection = new LogCollection();
            collection.setMetadata(new ObjectMetaBuilder().withNamespace("bench-" + (i % 20)).withName("c" + i).build());
            collection.getSpec().getKafka().setPartitions(1);
            collection.getSpec().getElasticsearch().setReplicas(0);
            k8s.client().resource(collection).create();
        }));
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
    }

    private static void waitAllReady(KubernetesApi k8s, int count, int seconds) throws InterruptedException {
        waitForAll(k8s, count, seconds, "Ready", c -> c.getStatus() != null && c.getStatus().getConditions() != null
                && c.getStatus().getConditions().stream().anyMatch(
                        x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus())));
    }

    /** The first lag and agent status of a collection are written by their loops after Ready. */
    private static void waitAllMeasured(KubernetesApi k8s, int count, int seconds) throws InterruptedException {
        waitForAll(k8s, count, seconds, "with lag and agents in status", c -> c.getStatus() != null
                && c.getStatus().getLag() != null && c.getStatus().getAgents() != null);
    }

    private static void waitForAll(KubernetesApi k8s, int count, int seconds, String what,
            Predicate<LogCollection> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long matching = 0;
        while (System.nanoTime() < deadline) {
            matching = k8s.client().resources(LogCollection.class).inAnyNamespace().list().getItems().stream()
                    .filter(done).count();
            if (matching >= count) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("only " + matching + " of " + count + " " + what + " after " + seconds + " s");
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void waitForHttp() throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            try {
                if (metrics().contains("jvm_")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("operator did not start");
    }

    private static String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18099/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String writes() throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        Matcher m = WRITES.matcher(metrics());
        while (m.find()) {
            out.append(m.group(1)).append('=').append((long) Double.parseDouble(m.group(2))).append(' ');
        }
        return out.length() == 0 ? "none" : out.toString().trim();
    }

    private static double reconciled() throws IOException, InterruptedException {
        double total = 0;
        Matcher m = RECONCILED.matcher(metrics());
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
