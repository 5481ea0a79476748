package io.kelp.bench;

import io.kelp.testkit.measure.Machine;
import io.kelp.testkit.measure.MarkdownSections;
import io.kelp.testkit.measure.Percentiles;
import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Reload and new-pod pick-up latency of one running agent (VM mode), over many trials:
 * <ul>
 *   <li><b>reload</b>: a pod's log file already exists, no task selects it; a task selecting its
 *   namespace is put into etcd. Measured from just before the put to (a) the agent's "tailing" log
 *   line for that file and (b) the file's line arriving in Kafka.</li>
 *   <li><b>new pod</b>: a task selects the namespace; a new pod directory and log file with one line
 *   are written. Measured from just before the directory is created to (a) and (b) as above.</li>
 * </ul>
 * Trials are spaced by a random 50–300 ms so they do not fall into step with the agent's scan period.
 * After each trial its task is deleted and its pod directory removed, as when pods come and go.
 */
public final class AgentLatencyBenchmark {

    private static final int WARMUP = 5;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

    private AgentLatencyBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(BenchOptions.fromSystemProperties());
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** One kind of trial: when it started (wall and monotonic clocks) and the file it made appear. */
    private record Trial(String kind, int n, long startMillis, long startNanos, Path file) {
        String marker() {
            return "probe-" + kind + "-" + n;
        }
    }

    private static void run(BenchOptions options) throws Exception {
        long runId = System.currentTimeMillis() % 1_000_000;
        String topic = "bench.latency-" + runId;
        SplittableRandom pauses = new SplittableRandom(BenchInput.SEED);
        try (BenchRig rig = BenchRig.start(options.logDir())) {
            Path root = Files.createDirectories(rig.workDir().resolve("latency-pods"));
            rig.newTopic(topic);
            Path jar = AgentProcess.snapshot(options.agentJar(), rig.workDir(), options.agentJvmOptions());
            try (AgentProcess agent = AgentProcess.start(rig, jar, options.agentJvmOptions(), options.agentEnvironment(), root,
                    "kelp-agent-latency", options.agentProperties());
                 ProbeWatcher watcher = new ProbeWatcher(rig.kafkaBootstrap(), topic, BenchRig.PARTITIONS)) {
                agent.awaitReady(Duration.ofSeconds(60));
                rig.putTask(new CollectionRef("newpods", "latency"), "newpods", topic);
                List<Trial> reloads = new ArrayList<>();
                List<Trial> newPods = new ArrayList<>();
                int total = WARMUP + options.trials();
                String loadAtStart = Machine.loadAverage();
                for (int n = 0; n < total; n++) {
                    Trial reload = reloadTrial(rig, root, topic, n);
                    awaitOrFail(watcher, reload, agent);
                    // Each trial cleans up after itself (task deleted, pod gone), so the agent tails a
                    // node-like handful of files instead of one more per trial.
                    rig.deleteTask(new CollectionRef("reload-" + n, "latency"));
                    BenchRig.deleteTree(reload.file().getParent().getParent());
                    Thread.sleep(50 + pauses.nextInt(250));
                    Trial newPod = newPodTrial(root, n);
                    awaitOrFail(watcher, newPod, agent);
                    BenchRig.deleteTree(newPod.file().getParent().getParent());
                    Thread.sleep(50 + pauses.nextInt(250));
                    if (n >= WARMUP) {
                        reloads.add(reload);
                        newPods.add(newPod);
                    }
                }
                Map<String, Long> tailing = AgentLog.tailingStarts(agent.logFile());
                LatencyReport report = new LatencyReport(options.trials(), WARMUP, loadAtStart);
                report.add("reload: etcd put → agent tailing the newly selected file", toTailing(reloads, tailing));
                report.add("reload: etcd put → first record in Kafka", toKafka(reloads, watcher));
                report.add("new pod: log file created → agent tailing it", toTailing(newPods, tailing));
                report.add("new pod: log file created → first record in Kafka", toKafka(newPods, watcher));
                String markdown = report.markdown(AgentBenchmark.command(options).replace(".sh", ".sh latency"),
                        String.join(" ", options.agentJvmOptions()));
                System.out.println(markdown);
                if (options.docs() != null) {
                    MarkdownSections.update(options.docs(), "latency", markdown);
                    System.out.println("updated " + options.docs());
                }
            }
        }
    }

    private static Trial reloadTrial(BenchRig rig, Path root, String topic, int n) throws Exception {
        String namespace = "reload-" + n;
        Path file = writePodLog(root, namespace, n, "probe-reload-" + n);
        // Let the agent list the file while no task selects it, so the put alone is what makes it tailed.
        Thread.sleep(300);
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        rig.putTask(new CollectionRef(namespace, "latency"), namespace, topic);
        return new Trial("reload", n, startMillis, startNanos, file);
    }

    private static Trial newPodTrial(Path root, int n) throws IOException {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        Path file = writePodLog(root, "newpods", n, "probe-newpod-" + n);
        return new Trial("newpod", n, startMillis, startNanos, file);
    }

    private static Path writePodLog(Path root, String namespace, int n, String message) throws IOException {
        Path file = root.resolve(namespace + "_web-" + n + "_uid-" + n).resolve("app").resolve("0.log");
        Files.createDirectories(file.getParent());
        String line = Timestamps.rfc3339Nano(System.currentTimeMillis(), 0) + " stdout F " + message + " "
                + "GET /api/v1/products/" + n + " 200\n";
        Files.writeString(file, line, StandardCharsets.US_ASCII);
        return file;
    }

    private static void awaitOrFail(ProbeWatcher watcher, Trial trial, AgentProcess agent) throws InterruptedException {
        if (watcher.await(trial.marker(), PROBE_TIMEOUT) < 0) {
            throw agent.failure(trial.marker() + " (" + trial.file() + ") did not reach Kafka within " + PROBE_TIMEOUT);
        }
    }

    private static List<Double> toTailing(List<Trial> trials, Map<String, Long> tailing) {
        List<Double> millis = new ArrayList<>();
        for (Trial t : trials) {
            Long at = tailing.get(t.file().toString());
            if (at != null) {
                millis.add((double) (at - t.startMillis()));
            }
        }
        return millis;
    }

    private static List<Double> toKafka(List<Trial> trials, ProbeWatcher watcher) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (Trial t : trials) {
            long at = watcher.await(t.marker(), Duration.ZERO.plusMillis(1));
            millis.add((at - t.startNanos()) / 1e6);
        }
        return millis;
    }

    /** The latency table, console and Markdown. */
    private static final class LatencyReport {
        private final int trials;
        private final int warmup;
        private final List<String> rows = new ArrayList<>();
        private final List<String> raw = new ArrayList<>();
        private final String loadAtStart;

        LatencyReport(int trials, int warmup, String loadAtStart) {
            this.trials = trials;
            this.warmup = warmup;
            this.loadAtStart = loadAtStart;
        }

        void add(String what, List<Double> samples) {
            Percentiles p = Percentiles.of(samples);
            System.out.println(what + ": " + p);
            rows.add(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f |", what, p.count(), p.p50(), p.p90(), p.p99(),
                    p.max()));
            raw.add("- " + what + " (ms, in trial order): " + Percentiles.asArray(samples));
        }

        String markdown(String command, String jvmOptions) {
            return "### Latency: reload and new-pod pick-up\n\n"
                    + "Measured " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on " + Machine.describe()
                    + "; 1-minute load average at the start: " + loadAtStart + ".\n\n"
                    + "Command: `" + command + "` (agent JVM: `" + jvmOptions + "`, agent defaults otherwise).\n\n"
                    + String.format("%d trials of each kind after %d warm-up trials; nearest-rank percentiles "
                    + "(with 50 trials p99 is the slowest trial).%n%n", trials, warmup)
                    + "| latency | n | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n"
                    + String.join("\n", rows) + "\n\n"
                    + "Goals (issue 3): etcd put → tailing ≤ 100 ms p99; a new pod's file shipped within 1 s.\n\n"
                    + "<details><summary>Every trial</summary>\n\n" + String.join("\n", raw) + "\n\n</details>\n";
        }
    }
}
