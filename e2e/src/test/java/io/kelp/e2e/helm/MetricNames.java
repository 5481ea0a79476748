package io.kelp.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus names of the meters registered in the components' source, by Micrometer's
 * Prometheus naming: dots to underscores, counters get {@code _total}, timers {@code _seconds}.
 */
final class MetricNames {

    static final List<String> SOURCES = List.of(
            "agent-daemonset/src/main/java/io/kelp/agent/app/AgentMetrics.java",
            "transfer/src/main/java/io/kelp/transfer/MicrometerTransferMetrics.java",
            "operator/src/main/java/io/kelp/operator/config/MicrometerWriteCounter.java");

    private static final Pattern REGISTRATION = Pattern.compile(
            "(counter\\(registry,|Counter\\.builder\\(|FunctionCounter\\.builder\\(|Timer\\.builder\\(|Gauge\\.builder\\()\\s*\"(kelp\\.[a-z0-9.]+)\"");

    private MetricNames() {
    }

    /** Base names as exported (a timer's {@code _bucket}/{@code _count}/... series share its base name). */
    static Set<String> exported(Path repository) {
        Set<String> names = new TreeSet<>();
        for (String source : SOURCES) {
            Matcher registration = REGISTRATION.matcher(read(repository.resolve(source)));
            while (registration.find()) {
                String base = registration.group(2).replace('.', '_');
                String kind = registration.group(1);
                if (kind.startsWith("Timer")) {
                    names.add(base + "_seconds");
                } else if (kind.startsWith("Gauge")) {
                    names.add(base);
                } else {
                    names.add(base + "_total");
                }
            }
        }
        return names;
    }

    /** The kelp_* names used in a text (alerts, dashboard, docs), timer series suffixes removed. */
    static Set<String> usedIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("\\bkelp_[a-z0-9_]+").matcher(text);
        while (name.find()) {
            names.add(name.group().replaceAll("_seconds_(bucket|count|sum|max)$", "_seconds"));
        }
        return names;
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
