package io.kelp.agent.heartbeat;

import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.CollectionRef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatComposerTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");
    private static final CollectionRef DB = new CollectionRef("shop", "db");

    private final HeartbeatComposer composer = new HeartbeatComposer("node-a", "1.2.3");

    @Test
    void rateIsTheGrowthOfTheShippedCountOverTheInterval() {
        composer.next(10_000, Map.of(WEB, 100L), Map.of(WEB, 2));
        AgentHeartbeat second = composer.next(15_000, Map.of(WEB, 1_100L), Map.of(WEB, 2));

        assertThat(second.node()).isEqualTo("node-a");
        assertThat(second.agentVersion()).isEqualTo("1.2.3");
        assertThat(second.intervalMillis()).isEqualTo(5_000);
        assertThat(second.byCollection().get(WEB)).isEqualTo(new AgentHeartbeat.Shipping(1_100, 200.0, 2));
    }

    @Test
    void firstHeartbeatHasNoIntervalAndReportsNoRate() {
        AgentHeartbeat first = composer.next(10_000, Map.of(WEB, 500L), Map.of(WEB, 1));
        assertThat(first.byCollection().get(WEB)).isEqualTo(new AgentHeartbeat.Shipping(500, 0, 1));
    }

    @Test
    void listsCollectionsWithFilesOrRecentLinesOnly() {
        composer.next(0, Map.of(WEB, 10L, DB, 10L), Map.of(WEB, 1, DB, 1));
        // db's last file ended: its final lines still show, then it is left out.
        AgentHeartbeat ending = composer.next(5_000, Map.of(WEB, 10L, DB, 15L), Map.of(WEB, 1));
        AgentHeartbeat after = composer.next(10_000, Map.of(WEB, 10L, DB, 15L), Map.of(WEB, 1));

        assertThat(ending.byCollection()).containsOnlyKeys(WEB, DB);
        assertThat(ending.byCollection().get(DB).linesPerSecond()).isEqualTo(1.0);
        assertThat(after.byCollection()).containsOnlyKeys(WEB);
        assertThat(after.byCollection().get(WEB).linesPerSecond()).isZero();
    }

    @Test
    void aCollectionTailedBeforeItShipsAnythingIsListedWithNothingShipped() {
        AgentHeartbeat heartbeat = composer.next(0, Map.of(), Map.of(WEB, 3));
        assertThat(heartbeat.byCollection().get(WEB)).isEqualTo(new AgentHeartbeat.Shipping(0, 0, 3));
    }

    @Test
    void aCollectionNewSinceThePreviousHeartbeatCountsAllItsLines() {
        composer.next(0, Map.of(), Map.of());
        AgentHeartbeat heartbeat = composer.next(2_000, Map.of(WEB, 50L), Map.of(WEB, 1));
        assertThat(heartbeat.byCollection().get(WEB).linesPerSecond()).isEqualTo(25.0);
    }
}
