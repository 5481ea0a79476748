package io.kelp.e2e.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every boolean of values.yaml, found by reading the file (so a switch added later is covered
 * without editing this test), flipped alone: {@code helm lint --strict} passes and
 * {@code helm template} renders something different from the defaults (a switch that changes
 * nothing is dead). {@link ChartSwitchesTest} asserts what each switch renders.
 */
class EveryBooleanSwitchTest {

    private static final String DEFAULT_MANIFESTS = RenderedChart.template().call();

    @TempDir
    Path workDir;

    static List<Object[]> switches() throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(RenderedChart.CHART.resolve("values.yaml").toFile());
        List<Object[]> found = new ArrayList<>();
        collect("", values, found);
        return found;
    }

    @Test
    void valuesYamlHasTheSwitchesTheIssueNames() throws IOException {
        assertThat(switches()).extracting(s -> (String) s[0]).contains(
                "operator.leaderElection.enabled", "transfer.manageDeployments", "agent.docker.enabled",
                "monitoring.serviceMonitor.enabled", "monitoring.podMonitor.enabled",
                "monitoring.prometheusRule.enabled", "monitoring.grafanaDashboard.enabled");
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("switches")
    void flippedSwitchLintsAndChangesTheManifests(String path, boolean flipped) {
        LintResult lint = LintedChartCopy.lintStrict(workDir, Map.of(path, flipped));
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        String manifests = RenderedChart.template(path, Boolean.toString(flipped)).call();
        assertThat(RenderedChart.parse(manifests)).isNotEmpty();
        assertThat(manifests).as("%s=%s changes the rendered chart", path, flipped).isNotEqualTo(DEFAULT_MANIFESTS);
    }

    private static void collect(String prefix, JsonNode node, List<Object[]> found) {
        node.fields().forEachRemaining(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isBoolean()) {
                found.add(new Object[] {path, !field.getValue().booleanValue()});
            } else if (field.getValue().isObject()) {
                collect(path, field.getValue(), found);
            }
        });
    }
}
