package io.kelp.e2e.helm;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kelp.e2e.helm.RenderedChart.CHART;
import static io.kelp.e2e.helm.RenderedChart.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

/** Alerts, dashboard and docs/metrics.md use exactly the metric names the code registers. */
class HelmMetricNamesTest {

    private static final Set<String> EXPORTED = MetricNames.exported(REPOSITORY);

    @Test
    void metricsAreFoundInEveryComponentsSource() {
        assertThat(EXPORTED).contains("kelp_agent_bytes_read_total", "kelp_agent_reload_latency_seconds",
                "kelp_agent_checkpoint_age_seconds", "kelp_transfer_documents_dead_lettered_total",
                "kelp_transfer_bulk_seconds", "kelp_transfer_lag", "kelp_operator_writes_total");
    }

    @Test
    void docsListEveryExportedMetricAndNoOther() {
        String docs = MetricNames.read(REPOSITORY.resolve("docs/metrics.md"));
        assertThat(MetricNames.usedIn(docs)).containsExactlyInAnyOrderElementsOf(EXPORTED);
    }

    @Test
    void alertsUseOnlyExportedMetrics() {
        var alerts = PrometheusRules.alerts(RenderedChart.render("monitoring.prometheusRule.enabled", "true"));
        Set<String> used = MetricNames.usedIn(String.join("\n", alerts.values()));
        assertThat(used).isNotEmpty();
        assertThat(EXPORTED).containsAll(used);
    }

    @Test
    void dashboardUsesOnlyExportedMetricsAndShowsEachComponent() {
        Set<String> used = MetricNames.usedIn(MetricNames.read(CHART.resolve("dashboards/kelp.json")));
        assertThat(EXPORTED).containsAll(used);
        assertThat(used).anyMatch(n -> n.startsWith("kelp_agent_")).anyMatch(n -> n.startsWith("kelp_transfer_"))
                .anyMatch(n -> n.startsWith("kelp_operator_"));
    }

    @Test
    void operatorSdkMetricsUsedByAlertsAreDocumented() {
        String docs = MetricNames.read(REPOSITORY.resolve("docs/metrics.md"));
        String alerts = String.join("\n",
                PrometheusRules.alerts(RenderedChart.render("monitoring.prometheusRule.enabled", "true")).values());
        Matcher sdk = Pattern.compile("operator_sdk_[a-z_]+").matcher(alerts);
        assertThat(sdk.find()).isTrue();
        do {
            assertThat(docs).contains("`" + sdk.group() + "`");
        } while (sdk.find());
    }
}
