package io.kelp.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmarks' settings, as system properties with defaults (paths relative to the repository
 * root, where the runner script starts them).
 */
record BenchOptions(int lines, Path agentJar, List<String> agentJvmOptions, Map<String, String> agentProperties,
                    Path docs, Path logDir, List<String> peers, int trials) {

    /** The image's options (images/agent/Dockerfile), without its OOM and tmpdir flags. */
    static final String DEFAULT_AGENT_JVM_OPTIONS = "-Xmx64m -XX:+UseSerialGC -XX:SurvivorRatio=3 -XX:CompileThresholdScaling=10";

    static BenchOptions fromSystemProperties() {
        String docs = System.getProperty("kelp.bench.docs", "docs/benchmarks.md");
        return new BenchOptions(
                Integer.getInteger("kelp.bench.lines", 1_000_000),
                Path.of(System.getProperty("kelp.bench.agent-jar", "agent-daemonset/target/quarkus-app/quarkus-run.jar")),
                words(System.getProperty("kelp.bench.agent-jvm-options", DEFAULT_AGENT_JVM_OPTIONS)),
                properties(System.getProperty("kelp.bench.agent-properties", "")),
                docs.equals("none") ? null : Path.of(docs),
                Path.of(System.getProperty("kelp.bench.log-dir", "benchmarks/target/bench-logs")),
                words(System.getProperty("kelp.bench.peers", "kcat,rsyslog,agent").replace(',', ' ')),
                Integer.getInteger("kelp.bench.trials", 50));
    }

    /** {@code key=value key=value}: agent configuration beyond the benchmark's own (e.g. producer settings). */
    static Map<String, String> properties(String text) {
        Map<String, String> properties = new TreeMap<>();
        for (String pair : words(text)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("kelp.bench.agent-properties: expected key=value, got " + pair);
            }
            properties.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return properties;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
