package io.kelp.operator.agents;

import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.CollectionRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentActivityTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");
    private static final CollectionRef NODES = CollectionRef.cluster("nodes");

    @Test
    void countsAgentsListingACollectionAndSumsTheirRates() {
        Map<CollectionRef, AgentActivity> activity = AgentActivity.perCollection(List.of(
                heartbeat("node-a", Map.of("shop/web", shipping(100.5), "_cluster/nodes", shipping(2))),
                heartbeat("node-b", Map.of("shop/web", shipping(50))),
                heartbeat("node-c", Map.of())));

        assertThat(activity.get(WEB)).isEqualTo(new AgentActivity(2, 150.5));
        assertThat(activity.get(NODES)).isEqualTo(new AgentActivity(1, 2));
        assertThat(activity).hasSize(2);
    }

    @Test
    void anAgentTailingAnIdleCollectionCountsWithoutAddingLines() {
        Map<CollectionRef, AgentActivity> activity = AgentActivity.perCollection(List.of(
                heartbeat("node-a", Map.of("shop/web", new AgentHeartbeat.Shipping(0, 0, 1)))));
        assertThat(activity.get(WEB)).isEqualTo(new AgentActivity(1, 0));
    }

    @Test
    void aNegativeRateFromABrokenAgentCountsAsNone() {
        Map<CollectionRef, AgentActivity> activity = AgentActivity.perCollection(List.of(
                heartbeat("node-a", Map.of("shop/web", shipping(-5)))));
        assertThat(activity.get(WEB).linesPerSecond()).isZero();
    }

    private static AgentHeartbeat heartbeat(String node, Map<String, AgentHeartbeat.Shipping> collections) {
        return new AgentHeartbeat(node, "v", 0, 5_000, collections);
    }

    private static AgentHeartbeat.Shipping shipping(double rate) {
        return new AgentHeartbeat.Shipping(1_000, rate, 1);
    }
}
