package io.kelp.e2e.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kelp.e2e.helm.RenderedChart.CHART;
import static io.kelp.e2e.helm.RenderedChart.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

/** Alerts, dashboard and docs/metrics.md use exactly the metric names the code registers. */
class HelmMetricNamesTest {

    private static final Set<String> EXPORTED = MetricNames.exported(REPOSITORY);
    private static final Map<String, String> ALERTS =
            PrometheusRules.alerts(RenderedChart.render("monitoring.prometheusRule.enabled", "true"));
    private static final String DASHBOARD = MetricNames.read(CHART.resolve("dashboards/kelp.json"));
    private static final String DOCS = MetricNames.read(REPOSITORY.resolve("docs/metrics.md"));

    @Test
    void metricsAreFoundInEveryComponentsSource() {
        assertThat(EXPORTED).contains("kelp_agent_bytes_read_total", "kelp_agent_reload_latency_seconds",
                "kelp_agent_checkpoint_age_seconds", "kelp_agent_file_bytes_behind",
                "kelp_transfer_documents_dead_lettered_total", "kelp_transfer_bulk_seconds", "kelp_transfer_lag",
                "kelp_operator_writes_total", "kelp_operator_collection_ready");
        assertThat(MetricNames.meterSources(REPOSITORY)).extracting(p -> p.getFileName().toString())
                .contains("AgentMetrics.java", "MicrometerTransferMetrics.java", "MicrometerWriteCounter.java",
                        "MicrometerCollectionReadiness.java");
    }

    @Test
    void meterNamesAreReadFromLiteralsAndFromConstants() {
        assertThat(MetricNames.registeredIn("""
                static final String METRIC = "kelp.x.ready";
                Gauge.builder(METRIC, value, AtomicInteger::get).register(registry);
                Counter.builder("kelp.x.writes").register(registry);
                Timer.builder("kelp.x.bulk").register(registry);
                Gauge.builder(OTHER, value, AtomicInteger::get).register(registry);
                """)).containsExactly("kelp_x_bulk_seconds", "kelp_x_ready", "kelp_x_writes_total");
    }

    @Test
    void docsListEveryExportedMetricAndNoOther() {
        assertThat(MetricNames.usedIn(DOCS)).containsExactlyInAnyOrderElementsOf(EXPORTED);
    }

    @Test
    void alertsUseOnlyExportedMetrics() {
        Set<String> used = MetricNames.usedIn(String.join("\n", ALERTS.values()));
        assertThat(used).isNotEmpty();
        assertThat(EXPORTED).containsAll(used);
    }

    @Test
    void dashboardUsesOnlyExportedMetricsAndShowsEachComponent() {
        Set<String> used = MetricNames.usedIn(DASHBOARD);
        assertThat(EXPORTED).containsAll(used);
        assertThat(used).anyMatch(n -> n.startsWith("kelp_agent_")).anyMatch(n -> n.startsWith("kelp_transfer_"))
                .anyMatch(n -> n.startsWith("kelp_operator_")).contains("kelp_operator_collection_ready");
    }

    /** Also the framework's operator_sdk_* metrics, which no Kelp source registers. */
    @Test
    void everyMetricOfTheAlertsAndTheDashboardIsDocumented() {
        Set<String> used = new TreeSet<>();
        Matcher name = Pattern.compile("\\b(kelp|operator_sdk)_[a-z0-9_]+")
                .matcher(String.join("\n", ALERTS.values()) + "\n" + DASHBOARD);
        while (name.find()) {
            used.add(name.group().replaceAll("_seconds_(bucket|count|sum|max)$", "_seconds"));
        }
        assertThat(used).anyMatch(n -> n.startsWith("operator_sdk_"));
        assertThat(used).allSatisfy(metric -> assertThat(DOCS).contains("`" + metric + "`"));
    }

    /** Each alert issue 6 asks for watches the metric that really carries its condition. */
    @ParameterizedTest(name = "{0} watches {1}")
    @CsvSource({
            "KelpAgentStalled,        kelp_agent_bytes_behind",
            "KelpTransferLagGrowing,  kelp_transfer_lag",
            "KelpDeadLetters,         kelp_transfer_documents_dead_lettered_total",
            "KelpLinesTruncated,      kelp_agent_lines_truncated_total",
            "KelpLinesDamaged,        kelp_agent_lines_malformed_total",
            "KelpCollectionNotReady,  kelp_operator_collection_ready",
    })
    void alertWatchesTheMetricOfItsCondition(String alert, String metric) {
        assertThat(ALERTS).containsKey(alert);
        assertThat(MetricNames.usedIn(ALERTS.get(alert))).contains(metric);
        assertThat(EXPORTED).contains(metric);
    }
}
