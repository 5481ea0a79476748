package io.kelp.bench;

import io.kelp.testkit.measure.ImageEnvironment;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmarks' settings, as system properties with defaults (paths relative to the repository
 * root, where the runner script starts them).
 */
record BenchOptions(int lines, Path agentJar, List<String> agentJvmOptions, Map<String, String> agentEnvironment,
                    Map<String, String> agentProperties, Path docs, Path logDir, List<String> peers, int trials) {

    /**
     * The agent runs with its image's JVM options and environment, read from the image's
     * Dockerfile, so the figures describe what ships.
     */
    static final Path AGENT_IMAGE = Path.of("images/agent/Dockerfile");

    static BenchOptions fromSystemProperties() {
        String docs = System.getProperty("kelp.bench.docs", "docs/benchmarks.md");
        ImageEnvironment image = ImageEnvironment.of(AGENT_IMAGE);
        String environment = System.getProperty("kelp.bench.agent-env");
        return new BenchOptions(
                Integer.getInteger("kelp.bench.lines", 1_000_000),
                Path.of(System.getProperty("kelp.bench.agent-jar", "agent-daemonset/target/quarkus-app/quarkus-run.jar")),
                words(System.getProperty("kelp.bench.agent-jvm-options", image.javaOptions())),
                environment == null ? image.processEnvironment() : pairs("kelp.bench.agent-env", environment),
                pairs("kelp.bench.agent-properties", System.getProperty("kelp.bench.agent-properties", "")),
                docs.equals("none") ? null : Path.of(docs),
                Path.of(System.getProperty("kelp.bench.log-dir", "benchmarks/target/bench-logs")),
                words(System.getProperty("kelp.bench.peers", "kcat,rsyslog,agent").replace(',', ' ')),
                Integer.getInteger("kelp.bench.trials", 50));
    }

    /**
     * {@code key=value key=value}: agent configuration beyond the benchmark's own (e.g. producer
     * settings), or the agent's environment instead of the image's.
     */
    static Map<String, String> pairs(String setting, String text) {
        Map<String, String> pairs = new TreeMap<>();
        for (String pair : words(text)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(setting + ": expected key=value, got " + pair);
            }
            pairs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return pairs;
    }

    /** Whether the agent runs exactly as its image would (the report then needs no override). */
    boolean agentAsInImage() {
        ImageEnvironment image = ImageEnvironment.of(AGENT_IMAGE);
        return agentJvmOptions.equals(words(image.javaOptions()))
                && agentEnvironment.equals(image.processEnvironment());
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
