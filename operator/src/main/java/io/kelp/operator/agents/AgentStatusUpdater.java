package io.kelp.operator.agents;

import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.etcd.HeartbeatReader;
import io.kelp.operator.kubernetes.MeasuredStatusPatcher;
import io.kelp.operator.reconcile.PerCollectionState;
import io.kelp.operator.reconcile.WriteCounter;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds {@code status.agents} and {@code status.linesPerSecond} of every tracked collection from
 * the agents' heartbeats. Reconcile tracks a collection (with what its status shows, so a
 * restarted operator does not rewrite it) and forgets it on deletion; {@link #tick} runs on one
 * scheduler thread: one range read of all heartbeats, then a merge patch only for the collections
 * {@link AgentStatusRule} finds worth it. Only the leader reconciles, so only the leader writes.
 */
public final class AgentStatusUpdater implements PerCollectionState {

    private static final Logger LOG = Logger.getLogger(AgentStatusUpdater.class);

    private final Map<CollectionRef, AgentStatusRule.Written> tracked = new ConcurrentHashMap<>();
    private final HeartbeatReader heartbeats;
    private final MeasuredStatusPatcher patcher;
    private final WriteCounter writes;

    public AgentStatusUpdater(HeartbeatReader heartbeats, MeasuredStatusPatcher patcher, WriteCounter writes) {
        this.heartbeats = heartbeats;
        this.patcher = patcher;
        this.writes = writes;
    }

    /** Called by reconcile with the values the collection's status shows now (null: none yet). */
    public void track(CollectionRef ref, Integer statusAgents, String statusLinesPerSecond) {
        tracked.computeIfAbsent(ref, r -> new AgentStatusRule.Written(statusAgents, statusLinesPerSecond, 0));
    }

    @Override
    public Set<CollectionRef> trackedCollections() {
        return Set.copyOf(tracked.keySet());
    }

    @Override
    public void forget(CollectionRef ref) {
        tracked.remove(ref);
    }

    /** One pass over every tracked collection. */
    public void tick(long nowMillis) {
        if (tracked.isEmpty()) {
            return;
        }
        List<AgentHeartbeat> live;
        try {
            live = heartbeats.readAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (HeartbeatReader.EtcdReadFailed e) {
            // Unknown is not zero: the status keeps its last values until etcd answers again.
            LOG.warnf("cannot read agent heartbeats, agent status unchanged this pass: %s", e.getMessage());
            return;
        }
        Map<CollectionRef, AgentActivity> activity = AgentActivity.perCollection(live);
        tracked.forEach((ref, written) -> {
            AgentActivity measured = activity.getOrDefault(ref, AgentActivity.NONE);
            if (AgentStatusRule.worthWriting(written, measured, nowMillis)) {
                write(ref, measured, nowMillis);
            }
        });
    }

    private void write(CollectionRef ref, AgentActivity measured, long nowMillis) {
        String shown = AgentStatusRule.display(measured.linesPerSecond());
        if (patcher.patch(ref, Map.of("agents", measured.agents(), "linesPerSecond", shown))) {
            writes.wrote("agent-status");
            // computeIfPresent: a collection forgotten meanwhile stays forgotten.
            tracked.computeIfPresent(ref, (r, old) -> new AgentStatusRule.Written(measured.agents(), shown, nowMillis));
        }
    }
}
