package io.kelp.agent.bench;

import io.etcd.jetcd.ByteSequence;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.FreePorts;
import io.kelp.testkit.KelpServers;
import io.kelp.testkit.ManagedProcess;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ships one file of N realistic CRI lines (~150 B) to a local 4-partition topic with acks=all, with
 * the agent (the shipped jar, as a child process), kcat (librdkafka) and rsyslog imfile -> omkafka,
 * and prints wall time, CPU seconds and peak RSS of each. A program, not a test:
 *
 * <pre>
 * ./mvnw -B -o -q -pl agent-daemonset test-compile exec:java \
 *     -Dexec.mainClass=io.kelp.agent.bench.ShipBenchmark -Dexec.classpathScope=test [-Dlines=1000000]
 * </pre>
 *
 * Kafka and etcd run inside this JVM (the test kit), so their CPU is not counted for any shipper.
 */
public final class ShipBenchmark {

    private static final long CLK_TCK = 100;

    record Result(String name, double wallSeconds, double cpuSeconds, long peakRssKib, String note) {
        @Override
        public String toString() {
            return String.format("| %-28s | %8.2f | %8.2f | %8.1f | %s |", name, wallSeconds, cpuSeconds,
                    peakRssKib / 1024.0, note);
        }
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            run();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        }
        // The in-JVM Kafka and etcd keep non-daemon threads; the test kit stops them at exit.
        System.exit(status);
    }

    static void run() throws Exception {
        int lines = Integer.getInteger("lines", 1_000_000);
        Path work = Files.createTempDirectory("kelp-bench");
        CollectionRef ref = new CollectionRef("bench", "b" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20)));
        Path podDir = Files.createDirectories(work.resolve("pods").resolve("bench_web-1_uid-1").resolve("app"));
        Path file = podDir.resolve("0.log");
        long bytes = writeLines(file, lines);
        System.out.printf("file: %d lines, %.1f MB, %.0f B/line%n", lines, bytes / 1e6, (double) bytes / lines);
        String bootstrap = KelpServers.kafka().bootstrapServers();
        KelpServers.etcd();
        List<Result> results = new ArrayList<>();
        String kcatTopic = "bench.kcat." + ref.name();
        KelpServers.kafka().createTopic(kcatTopic, 4);
        results.add(kcat(bootstrap, kcatTopic, file));
        KelpServers.kafka().createTopic(ref.topic(), 4);
        results.add(agent(ref, work, lines));
        String rsyslogTopic = "bench.rsyslog." + ref.name();
        KelpServers.kafka().createTopic(rsyslogTopic, 4);
        results.add(rsyslog(bootstrap, rsyslogTopic, file, work, lines));
        System.out.println();
        System.out.println("| shipper                      | wall (s) | CPU (s)  | RSS (MiB) | note |");
        System.out.println("|---|---|---|---|---|");
        results.forEach(System.out::println);
    }

    static long writeLines(Path file, int lines) throws IOException {
        String[] paths = {"/api/v1/items", "/api/v1/orders", "/static/app.js", "/healthz", "/api/v1/users/search"};
        String[] agents = {"Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "kube-probe/1.30", "Go-http-client/2.0"};
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                t = t.plusNanos(random.nextInt(1_000_000, 2_000_000));
                out.write(t.toString());
                out.write(i % 10 == 0 ? " stderr F " : " stdout F ");
                out.write("10.0." + random.nextInt(256) + "." + random.nextInt(256) + " - - \"GET "
                        + paths[random.nextInt(paths.length)] + "?page=" + random.nextInt(100) + " HTTP/1.1\" "
                        + (random.nextInt(20) == 0 ? 500 : 200) + " " + random.nextInt(100_000) + " \""
                        + agents[random.nextInt(agents.length)] + "\" rt=0." + random.nextInt(1000));
                out.write('\n');
            }
        }
        return Files.size(file);
    }

    static Result kcat(String bootstrap, String topic, Path file) throws Exception {
        Path timing = Files.createTempFile("kcat-time", ".txt");
        Process p = new ProcessBuilder("/usr/bin/time", "-o", timing.toString(), "-f", "%e %U %S %M", "kcat", "-P",
                "-b", bootstrap, "-t", topic, "-l", "-z", "lz4", "-X", "acks=all", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("kcat failed with " + p.exitValue());
        }
        String[] f = Files.readString(timing).trim().split("\\s+");
        return new Result("kcat -P -l (librdkafka)", Double.parseDouble(f[0]),
                Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]), "whole process");
    }

    static Result agent(CollectionRef ref, Path work, int lines) throws Exception {
        int port = FreePorts.next();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kelp.etcd.endpoints", KelpServers.etcd().endpoint());
        props.put("kelp.kafka.bootstrap-servers", KelpServers.kafka().bootstrapServers());
        props.put("kelp.agent.node-name", "bench-node");
        props.put("kelp.agent.pod-log-root", work.resolve("pods").toString());
        props.put("kelp.agent.checkpoint-dir", work.resolve("agent-state").toString());
        props.put("kelp.agent.kubernetes.enabled", "false");
        props.put("quarkus.http.port", Integer.toString(port));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("agent.jvm", "-Xmx64m -XX:+UseSerialGC -Xss512k").split(" ")));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            jar = Path.of("agent-daemonset").resolve(jar);
        }
        command.add(jar.toAbsolutePath().toString());
        Instant launched = Instant.now();
        try (ManagedProcess agent = ManagedProcess.command("bench-agent", command).start()) {
            agent.waitUntilHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(60));
            double startupSeconds = Duration.between(launched, Instant.now()).toMillis() / 1000.0;
            double cpuAtStart = cpuSeconds(agent.pid());
            long start = System.nanoTime();
            CollectionTask task = new CollectionTask(ref, 1, CollectionTask.Source.of(List.of("bench"), Map.of(),
                    List.of()), null, null);
            KelpServers.etcd().client().getKVClient().put(ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8),
                    ByteSequence.from(task.toJson())).get();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            while (shipped(http, port) < lines) {
                Thread.sleep(20);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = cpuSeconds(agent.pid());
            long rss = peakRssKib(agent.pid());
            return new Result("kelp agent (jar)", wall, cpu - cpuAtStart, rss, String.format(
                    "put->all acked; JVM startup %.1f s and %.2f CPU-s not included", startupSeconds, cpuAtStart));
        }
    }

    static Result rsyslog(String bootstrap, String topic, Path file, Path work, int lines) throws Exception {
        Path dir = Files.createDirectories(work.resolve("rsyslog"));
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + dir + "\")",
                "module(load=\"imfile\" mode=\"inotify\")",
                "module(load=\"omkafka\")",
                "template(name=\"raw\" type=\"string\" string=\"%msg%\")",
                "input(type=\"imfile\" file=\"" + file + "\" tag=\"bench\" ruleset=\"kafka\")",
                "ruleset(name=\"kafka\" queue.type=\"LinkedList\" queue.size=\"200000\") {",
                "  action(type=\"omkafka\" broker=[\"" + bootstrap + "\"] topic=\"" + topic + "\" template=\"raw\"",
                "         confParam=[\"compression.codec=lz4\"] topicConfParam=[\"request.required.acks=-1\"])",
                "}", ""));
        Instant start = Instant.now();
        Process p = new ProcessBuilder("rsyslogd", "-n", "-f", conf.toString(), "-i", dir.resolve("pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (endOffsets(topic) < lines && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        double wall = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        double cpu = cpuSeconds(p.pid());
        long rss = peakRssKib(p.pid());
        long got = endOffsets(topic);
        p.destroy();
        p.waitFor();
        return new Result("rsyslog imfile -> omkafka", wall, cpu, rss,
                got < lines ? "INCOMPLETE: " + got + " records" : "start->all in topic (end offsets)");
    }

    static long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            request.put(new TopicPartition(topic, i), OffsetSpec.latest());
        }
        return KelpServers.kafka().admin().listOffsets(request).all().get().values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    static long shipped(HttpClient http, int port) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("kelp_agent_records_shipped_total")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
    }

    static long peakRssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
