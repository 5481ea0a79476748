package io.kelp.agent.heartbeat;

import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.CollectionRef;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns the agent's cumulative per-collection counts into the next heartbeat value: the rate of
 * each collection is its count's growth since the previous heartbeat. Pure; used by one thread.
 */
final class HeartbeatComposer {

    private final String node;
    private final String agentVersion;
    private Map<CollectionRef, Long> previousTotals = Map.of();
    private long previousMillis = -1;

    HeartbeatComposer(String node, String agentVersion) {
        this.node = node;
        this.agentVersion = agentVersion;
    }

    /**
     * Lists the collections the agent tails files for, or shipped lines of since the previous
     * heartbeat (the last records of a file that just ended). The first heartbeat has no interval
     * to measure over and reports a rate of 0.
     */
    AgentHeartbeat next(long nowMillis, Map<CollectionRef, Long> shippedTotals, Map<CollectionRef, Integer> filesTailed) {
        long elapsed = previousMillis < 0 ? 0 : nowMillis - previousMillis;
        Map<String, AgentHeartbeat.Shipping> collections = new HashMap<>();
        shippedTotals.forEach((collection, total) -> {
            long delta = total - previousTotals.getOrDefault(collection, previousMillis < 0 ? total : 0L);
            int files = filesTailed.getOrDefault(collection, 0);
            if (files > 0 || delta > 0) {
                collections.put(collection.toString(), new AgentHeartbeat.Shipping(total, rate(delta, elapsed), files));
            }
        });
        filesTailed.forEach((collection, files) -> {
            if (files > 0 && !shippedTotals.containsKey(collection)) {
                collections.put(collection.toString(), new AgentHeartbeat.Shipping(0, 0, files));
            }
        });
        previousTotals = Map.copyOf(shippedTotals);
        previousMillis = nowMillis;
        return new AgentHeartbeat(node, agentVersion, nowMillis, elapsed, collections);
    }

    /** Lines per second, to one decimal (a heartbeat is read by people too). */
    private static double rate(long lines, long elapsedMillis) {
        if (elapsedMillis <= 0 || lines <= 0) {
            return 0;
        }
        return Math.round(lines * 10_000.0 / elapsedMillis) / 10.0;
    }
}
