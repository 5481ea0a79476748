package io.kelp.operator.agents;

import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.CollectionRef;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the live agents do for one collection, summed over their heartbeats.
 *
 * @param agents         live agents whose heartbeat lists the collection (they tail files for it,
 *                       or shipped its lines in their last interval)
 * @param linesPerSecond the sum of their acknowledged lines per second
 */
public record AgentActivity(int agents, double linesPerSecond) {

    public static final AgentActivity NONE = new AgentActivity(0, 0);

    /** One pass over all heartbeats gives every collection's activity; collections not listed have {@link #NONE}. */
    public static Map<CollectionRef, AgentActivity> perCollection(Collection<AgentHeartbeat> heartbeats) {
        Map<CollectionRef, AgentActivity> activity = new HashMap<>();
        for (AgentHeartbeat heartbeat : heartbeats) {
            heartbeat.byCollection().forEach((collection, shipping) -> activity.merge(collection,
                    new AgentActivity(1, Math.max(0, shipping.linesPerSecond())), AgentActivity::plus));
        }
        return activity;
    }

    private AgentActivity plus(AgentActivity other) {
        return new AgentActivity(agents + other.agents, linesPerSecond + other.linesPerSecond);
    }
}
