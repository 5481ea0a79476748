package io.kelp.operator.it;

import io.kelp.contract.CollectionRef;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kelp.operator.it.LogCollectionReconcilerIT.collection;
import static io.kelp.operator.it.LogCollectionReconcilerIT.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Elasticsearch outage is reported on the part it hits, the parts that do not need it still
 * get done, and the collection heals by itself (retry with backoff) once Elasticsearch is back.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class ElasticsearchOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AfterEach
    void elasticsearchIsBackForTheNextTest() {
        KelpServers.elasticsearch().start();
    }

    @Test
    void outageShowsOnTheTemplateConditionAndHealsWhenElasticsearchReturns() throws Exception {
        KelpServers.elasticsearch().stop();
        create(collection("it-outage", "web"));
        CollectionRef ref = new CollectionRef("it-outage", "web");

        Eventually.within(WAIT, () -> assertThat(Probes.condition("it-outage", "web", "IndexTemplateReady"))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("ElasticsearchUnavailable");
                }));
        assertThat(Probes.condition("it-outage", "web", "TopicReady").orElseThrow().getStatus()).isEqualTo("True");
        assertThat(Probes.condition("it-outage", "web", "Ready").orElseThrow().getStatus()).isEqualTo("False");
        assertThat(Probes.read("it-outage", "web").getStatus().getLastError()).contains("IndexTemplateReady");
        assertThat(Probes.task(ref)).as("no task before its index template exists").isEmpty();

        KelpServers.elasticsearch().start();

        Eventually.within(WAIT, () -> assertThat(Probes.condition("it-outage", "web", "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True")));
        assertThat(Probes.task(ref)).isPresent();
        assertThat(Probes.read("it-outage", "web").getStatus().getLastError()).isNull();
    }
}
