package io.kelp.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentHeartbeatTest {

    @Test
    void roundTripsThroughJsonWithCollectionsByQualifiedName() {
        AgentHeartbeat heartbeat = new AgentHeartbeat("node-a", "0.1.0", 1_763_776_800_000L, 5_000,
                Map.of("shop/web", new AgentHeartbeat.Shipping(120_345, 212.4, 3),
                        "_cluster/nodes", new AgentHeartbeat.Shipping(7, 0, 1)));

        AgentHeartbeat read = AgentHeartbeat.fromJson(heartbeat.toJson());

        assertThat(read).isEqualTo(heartbeat);
        assertThat(read.byCollection()).containsOnlyKeys(new CollectionRef("shop", "web"), CollectionRef.cluster("nodes"));
        assertThat(new String(heartbeat.toJson(), StandardCharsets.UTF_8))
                .contains("\"shop/web\":{\"linesShipped\":120345,\"linesPerSecond\":212.4,\"filesTailed\":3}");
    }

    @Test
    void sameStateSerialisesToSameBytesWhateverTheMapOrder() {
        AgentHeartbeat one = new AgentHeartbeat("n", "v", 1, 5_000, Map.of(
                "a/x", new AgentHeartbeat.Shipping(1, 1, 1), "b/y", new AgentHeartbeat.Shipping(2, 2, 2)));
        AgentHeartbeat two = new AgentHeartbeat("n", "v", 1, 5_000, Map.of(
                "b/y", new AgentHeartbeat.Shipping(2, 2, 2), "a/x", new AgentHeartbeat.Shipping(1, 1, 1)));
        assertThat(one.toJson()).isEqualTo(two.toJson());
    }

    @Test
    void ignoresUnknownFieldsAndEntriesThatNameNoCollection() {
        String json = "{\"node\":\"n\",\"future\":1,\"collections\":{\"shop/web\":{\"linesShipped\":5,\"extra\":true},"
                + "\"not a ref\":{\"linesShipped\":1}}}";
        AgentHeartbeat read = AgentHeartbeat.fromJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(read.byCollection()).containsOnlyKeys(new CollectionRef("shop", "web"));
        assertThat(read.byCollection().get(new CollectionRef("shop", "web")).linesShipped()).isEqualTo(5);
    }

    @Test
    void refusesAValueThatIsNotAHeartbeat() {
        assertThatThrownBy(() -> AgentHeartbeat.fromJson("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyIsThePrefixAndTheNodeNameWhichMustNotContainASlash() {
        assertThat(AgentHeartbeats.keyOf("node-a.example.com")).isEqualTo("/kelp/v1/agents/node-a.example.com");
        assertThatThrownBy(() -> AgentHeartbeats.keyOf("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AgentHeartbeats.TTL).isGreaterThan(AgentHeartbeats.INTERVAL.multipliedBy(2));
    }
}
