package io.kelp.e2e.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json refuses values that would render a broken or unsafe install. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "kafka.bootstrapServers | kafka                        | /kafka/bootstrapServers",
            "etcd.endpoints         | etcd:2379                    | /etcd/endpoints",
            "elasticsearch.url      | elasticsearch:9200           | /elasticsearch/url",
            "image.pullPolicy       | Sometimes                    | /image/pullPolicy",
            "operator.replicas      | many                         | /operator/replicas",
            "operator.requestTimeout| ten seconds                  | /operator/requestTimeout",
            "operator.leaderElection.leaseName | Not_A_Name        | /operator/leaderElection/leaseName",
            "operator.watchNamespaces[0] | Team_A                  | /operator/watchNamespaces/0",
            "agent.podLogRoot       | var/log/pods                 | /agent/podLogRoot",
            "agent.maxLineBytes     | 10                           | /agent/maxLineBytes",
            "agent.extraHostPaths[0]| relative/path                | /agent/extraHostPaths/0",
            "monitoring.serviceMonitor.enabled | yes please        | /monitoring/serviceMonitor/enabled",
            "monitoring.prometheusRule.lagThreshold | 0            | /monitoring/prometheusRule/lagThreshold",
            "agent.unknownSetting   | 1                            | additional properties",
            "kafka.saslPassword     | secret                       | additional properties",
    })
    void badValueFailsTemplateNamingTheField(String key, String value, String expectedInMessage) {
        assertThatThrownBy(() -> RenderedChart.render(key, value))
                .hasMessageContaining("schema")
                .hasMessageContaining(expectedInMessage);
    }
}
