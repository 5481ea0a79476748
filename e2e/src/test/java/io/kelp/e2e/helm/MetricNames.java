package io.kelp.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus names of the meters registered in the components' main sources, by Micrometer's
 * Prometheus naming: dots to underscores, counters get {@code _total}, timers {@code _seconds}.
 * Every source file of the three components is scanned, so a meter added anywhere is found; its
 * name may be a literal or a {@code String} constant of the same file.
 */
final class MetricNames {

    static final List<String> MODULES = List.of("agent-daemonset", "transfer", "operator");

    /** A meter builder's first argument: a "kelp...." literal or an identifier (a constant). */
    private static final Pattern REGISTRATION = Pattern.compile(
            "\\b(counter\\(registry,|Counter\\.builder\\(|FunctionCounter\\.builder\\(|Timer\\.builder\\("
                    + "|MultiGauge\\.builder\\(|Gauge\\.builder\\(|DistributionSummary\\.builder\\()"
                    + "\\s*(?:\"(kelp\\.[a-z0-9.]+)\"|([A-Z_][A-Z0-9_]*)\\b)");
    private static final Pattern CONSTANT = Pattern.compile(
            "\\bString\\s+([A-Z_][A-Z0-9_]*)\\s*=\\s*\"(kelp\\.[a-z0-9.]+)\"\\s*;");
    /** Files that build meters; each must yield at least one name, or the scan missed a form. */
    private static final Pattern BUILDS_METERS = Pattern.compile(
            "import io\\.micrometer\\.core\\.instrument\\.(Counter|FunctionCounter|Timer|Gauge|MultiGauge|DistributionSummary);");

    private MetricNames() {
    }

    /** Base names as exported (a timer's {@code _bucket}/{@code _count}/... series share its base name). */
    static Set<String> exported(Path repository) {
        Set<String> names = new TreeSet<>();
        for (Path source : meterSources(repository)) {
            Set<String> found = registeredIn(read(source));
            if (found.isEmpty()) {
                throw new IllegalStateException(source + " builds meters but no name was recognised: extend MetricNames");
            }
            names.addAll(found);
        }
        return names;
    }

    /** The main source files of the components that import a Micrometer meter builder. */
    static List<Path> meterSources(Path repository) {
        try {
            List<Path> sources = new java.util.ArrayList<>();
            for (String module : MODULES) {
                try (Stream<Path> files = Files.walk(repository.resolve(module).resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .filter(f -> BUILDS_METERS.matcher(read(f)).find())
                            .sorted().forEach(sources::add);
                }
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> registeredIn(String source) {
        Map<String, String> constants = new HashMap<>();
        Matcher constant = CONSTANT.matcher(source);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        Set<String> names = new TreeSet<>();
        Matcher registration = REGISTRATION.matcher(source);
        while (registration.find()) {
            String name = registration.group(2) != null ? registration.group(2) : constants.get(registration.group(3));
            if (name == null) {
                continue; // an identifier that is no kelp.* constant, e.g. a builder of someone else's meter
            }
            String base = name.replace('.', '_');
            String kind = registration.group(1);
            if (kind.startsWith("Timer")) {
                names.add(base + "_seconds");
            } else if (kind.contains("Gauge") || kind.startsWith("DistributionSummary")) {
                names.add(base);
            } else {
                names.add(base + "_total");
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
