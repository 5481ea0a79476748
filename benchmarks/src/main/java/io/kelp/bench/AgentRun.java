package io.kelp.bench;

import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kelp agent on the benchmark input: the process starts, becomes ready (tasks read from etcd),
 * then the task selecting the pod's namespace is put; the cold run ends when every line is in the
 * topic. Two rows come out of it: from process start (JVM startup and readiness included, the
 * figure compared with the peers) and from the task put (shipping alone, CPU after readiness).
 *
 * <p>Then the same, already warmed agent ships a copy of the input (a second pod in another
 * namespace, selected by a second task, to its own topic): the steady-state row, what a node pays
 * per line once the JIT has compiled the hot path and startup is long past. Its CPU is what the
 * process used between that task put and the last record; its peak RSS is the process's peak so far.
 */
final class AgentRun {

    private AgentRun() {
    }

    /** The value of an un-labelled Prometheus sample, or NaN. */
    static double metric(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /**
     * Waits until the agent has shipped {@code expectedLines} (by its own count of events Kafka
     * acknowledged); returns System.nanoTime() of the first poll that saw the topic's final end
     * offsets. The agent packs many lines into a Kafka record, so end offsets alone cannot tell when
     * all lines are in, and scraping its metrics every 20 ms cost it ~0.6 CPU-s per run: the metrics
     * are read only once the end offsets stood still for one poll (and again every 200 ms while they
     * stand still and lines are missing).
     */
    static long awaitLinesShipped(TopicProgress progress, AgentProcess agent, long expectedLines, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastRecords = -1;
        long lastChange = 0;
        long lastScrape = 0;
        long shipped = 0;
        while (System.nanoTime() < deadline) {
            long records = progress.records();
            long now = System.nanoTime();
            if (records != lastRecords) {
                lastRecords = records;
                lastChange = now;
                lastScrape = 0;
            } else if (lastScrape == 0 || now - lastScrape > 200_000_000L) {
                lastScrape = now;
                shipped = agent.eventsShipped();
                if (shipped >= expectedLines) {
                    return lastChange;
                }
            }
            if (!agent.isAlive()) {
                throw agent.failure("exited with " + shipped + " of " + expectedLines + " lines shipped");
            }
            Thread.sleep(20);
        }
        throw agent.failure("only " + shipped + " of " + expectedLines + " lines shipped after " + timeout);
    }

    /** With -XX:NativeMemoryTracking=summary: where the agent's resident memory goes, written next to its log. */
    private static void dumpNativeMemory(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor();
        System.out.println("  native memory summary: " + file);
    }

    static List<PeerResult> run(BenchRig rig, BenchInput input, String topic, Path jar, BenchOptions options)
            throws Exception {
        List<String> jvmOptions = options.agentJvmOptions();
        Map<String, String> properties = options.agentProperties();
        CollectionRef ref = new CollectionRef(input.namespace(), "throughput");
        TopicProgress progress = rig.newTopic(topic);
        // Created now, long before it is used: a partition created a moment before the agent writes
        // to it can refuse its first batch for good (KAFKA-15591; the agent recovers by replacing
        // its producer after a minute, which is not what the steady-state row measures).
        TopicProgress steadyProgress = rig.newTopic(topic + "-steady");
        long start = System.nanoTime();
        try (AgentProcess agent = AgentProcess.start(rig, jar, jvmOptions, options.agentEnvironment(),
                input.podLogRoot(), "kelp-agent-throughput", properties);
             ProcessMeter meter = new ProcessMeter(agent.pid())) {
            long ready = agent.awaitReady(Duration.ofSeconds(60));
            ProcessMeter.Usage atReady = meter.sampleNow();
            long put = System.nanoTime();
            rig.putTask(ref, input.namespace(), topic);
            long end = awaitLinesShipped(progress, agent, input.lines(), Duration.ofMinutes(10));
            Map<String, Double> threads = ThreadCpu.byThreadName(agent.pid());
            double valueBytes = metric(agent.metrics(), "kelp_agent_bytes_shipped_total");
            if (jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
                dumpNativeMemory(agent.pid(), rig.logFile("kelp-agent-native-memory"));
            }
            ProcessMeter.Usage usage = meter.sampleNow();
            long records = progress.records();
            long lines = agent.eventsShipped();
            String version = "kelp-agent 0.1.0-SNAPSHOT, `" + String.join(" ", jvmOptions) + "`"
                    + (options.agentEnvironment().isEmpty() ? "" : ", environment " + options.agentEnvironment())
                    + (properties.isEmpty() ? "" : ", " + properties);
            PeerResult whole = new PeerResult(ThroughputReport.COLD, version, (end - start) / 1e9, usage.cpuSeconds(),
                    usage.peakRssMib(), lines, String.format(
                    "process start → ready %.2f s (%.2f CPU-s, peak RSS so far %.1f MiB), task put → all in Kafka "
                            + "%.2f s; the lines travel as ECS JSON events, %.0f per Kafka record on average "
                            + "(%d records, %.0f bytes of record value per line; the peers ship the bare line, one "
                            + "record each); CPU by thread over the whole run: %s",
                    (ready - start) / 1e9, atReady.cpuSeconds(), atReady.peakRssMib(), (end - put) / 1e9,
                    (double) lines / records, records, valueBytes / lines,
                    ThreadCpu.summary(threads, 8)));
            PeerResult shipping = new PeerResult("Kelp agent, from task put", version, (end - put) / 1e9,
                    usage.cpuSeconds() - atReady.cpuSeconds(), usage.peakRssMib(), lines,
                    "wall from the etcd put, CPU spent after readiness");
            PeerResult steady = steadyState(rig, input, topic + "-steady", steadyProgress, agent, meter, version,
                    threads);
            return List.of(whole, shipping, steady);
        }
    }

    /** Ships a copy of the input with the warmed agent: a second pod, a second task, its own topic. */
    private static PeerResult steadyState(BenchRig rig, BenchInput input, String topic, TopicProgress progress,
                                          AgentProcess agent,
                                          ProcessMeter meter, String version, Map<String, Double> threadsBefore) throws Exception {
        String namespace = input.namespace() + "-warm";
        Path copy = input.podLogRoot().resolve(namespace + "_loadgen-5b8f_6a0c1d2e-2222-4e3f-8b72-7a2f3c4d5e6f")
                .resolve("app").resolve("0.log");
        Files.createDirectories(copy.getParent());
        Files.copy(input.criFile(), copy);
        ProcessMeter.Usage before = meter.sampleNow();
        long put = System.nanoTime();
        rig.putTask(new CollectionRef(namespace, "steady"), namespace, topic);
        // The agent's count is cumulative: the cold run shipped the first copy.
        long end = awaitLinesShipped(progress, agent, 2L * input.lines(), Duration.ofMinutes(10));
        Map<String, Double> threads = ThreadCpu.byThreadName(agent.pid());
        ProcessMeter.Usage after = meter.finish();
        Map<String, Double> spent = new LinkedHashMap<>();
        threads.forEach((name, cpu) -> spent.put(name, cpu - threadsBefore.getOrDefault(name, 0.0)));
        spent.entrySet().removeIf(e -> e.getValue() < 0.005);
        Map<String, Double> sorted = new LinkedHashMap<>();
        spent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new PeerResult(ThroughputReport.STEADY, version, (end - put) / 1e9,
                after.cpuSeconds() - before.cpuSeconds(), after.peakRssMib(),
                agent.eventsShipped() - input.lines(), String.format(
                "the same agent process right after the cold run (JIT warm, startup long past) ships a copy "
                        + "of the input from a second pod to its own topic: wall from that task's put to its last "
                        + "record, CPU spent in between, peak RSS of the process so far; CPU by thread: %s",
                ThreadCpu.summary(sorted, 8)));
    }
}
