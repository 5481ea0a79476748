package io.kelp.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmarks' settings, as system properties with defaults (paths relative to the repository
 * root, where the runner script starts them).
 */
record BenchOptions(int lines, Path agentJar, List<String> agentJvmOptions, Path docs, Path logDir, List<String> peers,
                    int trials) {

    static final String DEFAULT_AGENT_JVM_OPTIONS = "-Xmx64m -XX:+UseSerialGC";

    static BenchOptions fromSystemProperties() {
        String docs = System.getProperty("kelp.bench.docs", "docs/benchmarks.md");
        return new BenchOptions(
                Integer.getInteger("kelp.bench.lines", 1_000_000),
                Path.of(System.getProperty("kelp.bench.agent-jar", "agent-daemonset/target/quarkus-app/quarkus-run.jar")),
                words(System.getProperty("kelp.bench.agent-jvm-options", DEFAULT_AGENT_JVM_OPTIONS)),
                docs.equals("none") ? null : Path.of(docs),
                Path.of(System.getProperty("kelp.bench.log-dir", "benchmarks/target/bench-logs")),
                words(System.getProperty("kelp.bench.peers", "kcat,rsyslog,agent").replace(',', ' ')),
                Integer.getInteger("kelp.bench.trials", 50));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
