package io.kelp.bench;

import io.kelp.contract.CollectionRef;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kelp agent on the benchmark input: the process starts, becomes ready (tasks read from etcd),
 * then the task selecting the pod's namespace is put; the run ends when every line is in the topic.
 * Two rows come out: from process start (JVM startup and readiness included, the figure compared
 * with the peers) and from the task put (shipping alone, CPU after readiness).
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

    /** With -XX:NativeMemoryTracking=summary: where the agent's resident memory goes, written next to its log. */
    private static void dumpNativeMemory(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start().waitFor();
        System.out.println("  native memory summary: " + file);
    }

    static List<PeerResult> run(BenchRig rig, BenchInput input, String topic, Path jar, List<String> jvmOptions,
                                Map<String, String> properties) throws Exception {
        CollectionRef ref = new CollectionRef(input.namespace(), "throughput");
        TopicProgress progress = rig.newTopic(topic);
        long start = System.nanoTime();
        try (AgentProcess agent = AgentProcess.start(rig, jar, jvmOptions, input.podLogRoot(), "kelp-agent-throughput",
                properties);
             ProcessMeter meter = new ProcessMeter(agent.pid())) {
            long ready = agent.awaitReady(Duration.ofSeconds(60));
            ProcessMeter.Usage atReady = meter.sampleNow();
            long put = System.nanoTime();
            rig.putTask(ref, input.namespace(), topic);
            long end = progress.awaitRecords(input.lines(), Duration.ofMinutes(10), agent::isAlive, "kelp agent");
            Map<String, Double> threads = ThreadCpu.byThreadName(agent.pid());
            double valueBytes = metric(agent.metrics(), "kelp_agent_bytes_shipped_total");
            if (jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
                dumpNativeMemory(agent.pid(), rig.logFile("kelp-agent-native-memory"));
            }
            ProcessMeter.Usage usage = meter.finish();
            long records = progress.records();
            String version = "kelp-agent 0.1.0-SNAPSHOT, `" + String.join(" ", jvmOptions) + "`"
                    + (properties.isEmpty() ? "" : ", " + properties);
            PeerResult whole = new PeerResult("Kelp agent", version, (end - start) / 1e9, usage.cpuSeconds(),
                    usage.peakRssMib(), records, String.format(
                    "process start → ready %.2f s (%.2f CPU-s, peak RSS so far %.1f MiB), task put → all in Kafka "
                            + "%.2f s; records are ECS "
                            + "JSON documents of %.0f bytes on average (the peers ship the bare line); "
                            + "CPU by thread over the whole run: %s",
                    (ready - start) / 1e9, atReady.cpuSeconds(), atReady.peakRssMib(), (end - put) / 1e9,
                    valueBytes / records,
                    ThreadCpu.summary(threads, 8)));
            PeerResult shipping = new PeerResult("Kelp agent, from task put", version, (end - put) / 1e9,
                    usage.cpuSeconds() - atReady.cpuSeconds(), usage.peakRssMib(), records,
                    "wall from the etcd put, CPU spent after readiness");
            return List.of(whole, shipping);
        }
    }
}
