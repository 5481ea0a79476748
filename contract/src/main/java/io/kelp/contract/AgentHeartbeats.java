package io.kelp.contract;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The etcd key schema of agent heartbeats. Each agent keeps one key, {@code /kelp/v1/agents/<node>},
 * whose value is an {@link AgentHeartbeat} as JSON, attached to a lease of {@link #TTL}: the agent
 * rewrites it and renews the lease every {@link #INTERVAL}; when the agent dies (or loses etcd for
 * longer than the TTL) the lease expires and etcd deletes the key. So the keys under {@link #PREFIX}
 * are exactly the agents alive now. Agents are the only writers; the operator reads the prefix.
 */
public final class AgentHeartbeats {

    public static final String PREFIX = "/kelp/v1/agents/";

    /** How often an agent rewrites its heartbeat; its rates are measured over this interval. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    /** Lease TTL: three missed heartbeats and the agent counts as gone. */
    public static final Duration TTL = Duration.ofSeconds(15);

    private AgentHeartbeats() {
    }

    public static byte[] prefixBytes() {
        return PREFIX.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of the agent on {@code node} (a node or host name, which never contains '/'). */
    public static String keyOf(String node) {
        if (node == null || node.isEmpty() || node.indexOf('/') >= 0) {
            throw new IllegalArgumentException("node name '" + node + "' cannot name a heartbeat key");
        }
        return PREFIX + node;
    }
}
