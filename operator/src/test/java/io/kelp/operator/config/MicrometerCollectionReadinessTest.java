package io.kelp.operator.config;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kelp.api.v1alpha1.LogCollectionStatus;
import io.kelp.operator.reconcile.CollectionReadiness;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kelp.operator.desired.Collections.clusterCollection;
import static io.kelp.operator.desired.Collections.collection;
import static org.assertj.core.api.Assertions.assertThat;

class MicrometerCollectionReadinessTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerCollectionReadiness readiness = new MicrometerCollectionReadiness(registry);

    @Test
    void exportsOneSeriesPerCollectionFollowingItsLastRecordedReadiness() {
        readiness.recorded(collection("team-a", "web", 1), false);
        readiness.recorded(clusterCollection("nodes", 1), true);
        assertThat(scraped("collection=\"web\",collection_namespace=\"team-a\",kind=\"LogCollection\""))
                .containsExactly("0.0");
        assertThat(scraped("collection=\"nodes\",collection_namespace=\"\",kind=\"ClusterLogCollection\""))
                .containsExactly("1.0");

        readiness.recorded(collection("team-a", "web", 2), true);
        assertThat(scraped("collection=\"web\",collection_namespace=\"team-a\",kind=\"LogCollection\""))
                .containsExactly("1.0");
    }

    @Test
    void deletedCollectionDisappearsFromTheMetrics() {
        readiness.recorded(collection("team-a", "web", 1), true);
        readiness.recorded(collection("team-a", "api", 1), true);
        readiness.forget(collection("team-a", "web", 1));
        readiness.forget(collection("team-a", "never-seen", 1));
        assertThat(scraped("collection=\"web\"")).isEmpty();
        assertThat(scraped("collection=\"api\"")).containsExactly("1.0");
    }

    @Test
    void collectionsDeletedWithoutACleanupAreDroppedAndTheOthersKept() {
        readiness.recorded(collection("team-a", "web", 1), false);
        readiness.recorded(collection("team-b", "web", 1), true);
        readiness.recorded(clusterCollection("nodes", 1), false);

        // team-a/web lost its finalizer and was deleted: cleanup never ran.
        readiness.forgetGone(key -> !key.equals(new CollectionReadiness.Key("LogCollection", "team-a", "web")));

        assertThat(scraped("collection=\"web\",collection_namespace=\"team-a\"")).isEmpty();
        assertThat(scraped("collection=\"web\",collection_namespace=\"team-b\"")).containsExactly("1.0");
        assertThat(scraped("collection=\"nodes\",collection_namespace=\"\",kind=\"ClusterLogCollection\""))
                .containsExactly("0.0");

        readiness.recorded(collection("team-a", "web", 1), true);
        assertThat(scraped("collection=\"web\",collection_namespace=\"team-a\"")).as("recreated")
                .containsExactly("1.0");
    }

    @Test
    void onlyAReadyConditionThatIsTrueCountsAsReady() {
        assertThat(CollectionReadiness.isReady(null)).isFalse();
        assertThat(CollectionReadiness.isReady(status("TopicReady", "True"))).isFalse();
        assertThat(CollectionReadiness.isReady(status("Ready", "False"))).isFalse();
        assertThat(CollectionReadiness.isReady(status("Ready", "Unknown"))).isFalse();
        assertThat(CollectionReadiness.isReady(status("Ready", "True"))).isTrue();
    }

    /** Values of the kelp_operator_collection_ready series of the Prometheus scrape whose labels start so. */
    private List<String> scraped(String labels) {
        return registry.scrape().lines().filter(line -> line.startsWith("kelp_operator_collection_ready{" + labels))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
    }

    private static LogCollectionStatus status(String type, String value) {
        LogCollectionStatus status = new LogCollectionStatus();
        status.setConditions(List.of(new ConditionBuilder().withType(type).withStatus(value).build()));
        return status;
    }
}
