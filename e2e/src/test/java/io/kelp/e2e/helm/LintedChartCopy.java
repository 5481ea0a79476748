package io.kelp.e2e.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * helm-java's lint takes no values, so a switch is linted on a copy of the chart whose values.yaml
 * has the switch flipped: the same as {@code helm lint --strict --set ...}.
 */
final class LintedChartCopy {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private LintedChartCopy() {
    }

    /** Lints a copy of the chart with {@code overrides} (dotted paths to values) merged into values.yaml. */
    static LintResult lintStrict(Path workDir, Map<String, Object> overrides) {
        try {
            // A fresh directory per lint; the copy keeps the chart's directory name.
            Path copy = Files.createTempDirectory(workDir, "lint-").resolve("kelp");
            copyTree(RenderedChart.CHART, copy);
            ObjectNode values = (ObjectNode) YAML.readTree(copy.resolve("values.yaml").toFile());
            overrides.forEach((path, value) -> put(values, path, value));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode root, String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.with(parts[i]);
        }
        node.set(parts[parts.length - 1], YAML.valueToTree(value));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
