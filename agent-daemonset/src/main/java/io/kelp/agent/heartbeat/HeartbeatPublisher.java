package io.kelp.agent.heartbeat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import io.kelp.agent.CollectionCounters;
import io.kelp.agent.etcd.EtcdRefusal;
import io.kelp.contract.AgentHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps this agent's heartbeat key ({@link AgentHeartbeats}) in etcd: every interval, on its own
 * thread, renews the lease (or takes a new one after an outage outlived it) and writes the value.
 * At a clean shutdown it revokes the lease, so the key disappears at once instead of after the TTL.
 * A failure is logged and retried at the next interval: the heartbeat never slows the tailing.
 */
public final class HeartbeatPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatPublisher.class);
    private static final long NO_LEASE = 0;

    private final Client etcd;
    private final ByteSequence key;
    private final CollectionCounters counters;
    private final HeartbeatComposer composer;
    private final Duration interval;
    private final Duration ttl;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kelp-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** Only touched by the heartbeat thread, and by close() after that thread stopped. */
    private long lease = NO_LEASE;
    private long lastWarnMillis;
    private volatile String refusal;

    public HeartbeatPublisher(Client etcd, String node, String agentVersion, CollectionCounters counters,
                              Duration interval, Duration ttl) {
        this.etcd = etcd;
        this.key = ByteSequence.from(AgentHeartbeats.keyOf(node), StandardCharsets.UTF_8);
        this.counters = counters;
        this.composer = new HeartbeatComposer(node, agentVersion);
        this.interval = interval;
        this.ttl = ttl;
    }

    public void start() {
        thread.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            byte[] value = composer.next(System.currentTimeMillis(), counters.shippedTotals(), counters.filesTailed())
                    .toJson();
            if (lease == NO_LEASE || !renewed(lease)) {
                lease = etcd.getLeaseClient().grant(ttl.toSeconds()).get(timeoutMillis(), TimeUnit.MILLISECONDS).getID();
            }
            etcd.getKVClient().put(key, ByteSequence.from(value), PutOption.builder().withLeaseId(lease).build())
                    .get(timeoutMillis(), TimeUnit.MILLISECONDS);
            refusal = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // E.g. etcd unreachable, or the lease expired between renewal and put: start over.
            lease = NO_LEASE;
            warnRateLimited(e);
        }
    }

    private boolean renewed(long id) throws InterruptedException {
        try {
            return etcd.getLeaseClient().keepAliveOnce(id).get(timeoutMillis(), TimeUnit.MILLISECONDS).getTTL() > 0;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false; // expired (etcd forgot it) or unreachable: a new lease is tried
        }
    }

    private long timeoutMillis() {
        return interval.toMillis();
    }

    private void warnRateLimited(Exception e) {
        Optional<String> refused = EtcdRefusal.explain(e);
        refusal = refused.orElse(null);
        long now = System.currentTimeMillis();
        if (now - lastWarnMillis > 60_000) {
            lastWarnMillis = now;
            if (refused.isPresent()) {
                LOG.error("cannot publish the heartbeat {} (retrying every {} s): {}", key, interval.toSeconds(),
                        refused.get());
            } else {
                LOG.warn("cannot publish the heartbeat {} (retrying every {} s): {}", key, interval.toSeconds(),
                        e.toString());
            }
        }
    }

    /** Why etcd's authentication refused the last heartbeat, until one is written. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Stops publishing and removes the key by revoking its lease (best effort: else it expires). */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(interval.toMillis(), TimeUnit.MILLISECONDS);
            if (lease != NO_LEASE) {
                etcd.getLeaseClient().revoke(lease).get(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot revoke the heartbeat lease; the key expires with it: {}", e.toString());
        }
    }
}
