package io.kelp.bench;

import io.kelp.testkit.measure.Machine;
import io.kelp.testkit.measure.MarkdownSections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ships one file of realistic log lines to a local 4-partition topic (acks=all, lz4) with kcat,
 * rsyslog (imfile → omkafka) and the Kelp agent, one after another on the same broker, and reports
 * wall time, CPU seconds and peak RSS of each. Run by {@code benchmarks/run-agent-benchmark.sh};
 * settings in {@link BenchOptions}.
 */
public final class AgentBenchmark {

    private AgentBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(BenchOptions.fromSystemProperties());
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // The in-JVM broker's threads would keep the JVM alive; servers and children stop in shutdown hooks.
        System.exit(0);
    }

    private static void run(BenchOptions options) throws Exception {
        Peers.ensureInstalled();
        List<PeerResult> results = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        long runId = System.currentTimeMillis() % 1_000_000;
        try (BenchRig rig = BenchRig.start(options.logDir())) {
            System.out.printf("generating %,d lines in %s%n", options.lines(), rig.workDir());
            BenchInput input = BenchInput.write(rig.workDir(), "bench", options.lines());
            System.out.printf("input: %.1f bytes per line on average, CRI file %.1f MB%n", input.averageLineBytes(),
                    input.criBytes() / 1e6);
            Path agentJar = AgentProcess.snapshot(options.agentJar(), rig.workDir(), options.agentJvmOptions());
            for (String peer : options.peers()) {
                String topic = "bench." + peer + "-" + runId;
                System.out.println("running " + peer + " → " + topic + " (load average " + Machine.loadAverage() + ")");
                loads.add(peer + " " + Machine.loadAverage());
                switch (peer) {
                    case "kcat" -> results.add(KcatRun.run(rig, input, topic));
                    case "rsyslog" -> results.add(RsyslogRun.run(rig, input, topic));
                    case "agent" -> results.addAll(AgentRun.run(rig, input, topic, agentJar, options));
                    default -> throw new IllegalArgumentException("unknown peer " + peer + " (kcat, rsyslog, agent)");
                }
                PeerResult last = results.get(results.size() - 1);
                System.out.printf("  %s: wall %.2f s, CPU %.2f s, peak RSS %.1f MiB, %,d records%n", last.name(),
                        last.wallSeconds(), last.cpuSeconds(), last.peakRssMib(), last.records());
            }
            ThroughputReport report = new ThroughputReport(input, results, command(options),
                    String.join(", ", loads));
            String markdown = report.markdown();
            System.out.println();
            System.out.println(markdown);
            if (options.docs() != null) {
                Files.createDirectories(options.docs().toAbsolutePath().getParent());
                MarkdownSections.update(options.docs(), "throughput", markdown);
                System.out.println("updated " + options.docs());
            }
        }
    }

    static String command(BenchOptions options) {
        String props = pairs(options.agentProperties());
        return "benchmarks/run-agent-benchmark.sh"
                + (options.agentAsInImage() ? "" : " '-Dkelp.bench.agent-jvm-options="
                        + String.join(" ", options.agentJvmOptions()) + "' '-Dkelp.bench.agent-env="
                        + pairs(options.agentEnvironment()) + "'")
                + (props.isEmpty() ? "" : " '-Dkelp.bench.agent-properties=" + props + "'");
    }

    private static String pairs(Map<String, String> pairs) {
        return pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(" "));
    }
}
