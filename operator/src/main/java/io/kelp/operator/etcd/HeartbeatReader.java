package io.kelp.operator.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.kelp.contract.AgentHeartbeat;
import io.kelp.contract.AgentHeartbeats;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the heartbeats of all live agents with one range read of {@link AgentHeartbeats#PREFIX}
 * (expired agents' keys are gone with their leases). One read serves every collection.
 */
public final class HeartbeatReader {

    private static final Logger LOG = Logger.getLogger(HeartbeatReader.class);

    private final KV kv;
    private final Duration timeout;

    public HeartbeatReader(KV kv, Duration timeout) {
        this.kv = kv;
        this.timeout = timeout;
    }

    /** The heartbeats now in etcd; a value that does not parse is skipped (that agent counts as absent). */
    public List<AgentHeartbeat> readAll() throws EtcdReadFailed, InterruptedException {
        ByteSequence prefix = ByteSequence.from(AgentHeartbeats.prefixBytes());
        CompletableFuture<io.etcd.jetcd.kv.GetResponse> call = kv.get(prefix, GetOption.builder().isPrefix(true).build());
        List<KeyValue> kvs;
        try {
            kvs = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getKvs();
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new EtcdReadFailed("etcd did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new EtcdReadFailed(EtcdTaskStore.rootMessage(e), e.getCause());
        }
        List<AgentHeartbeat> heartbeats = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            try {
                heartbeats.add(AgentHeartbeat.fromJson(kv.getValue().getBytes()));
            } catch (IllegalArgumentException e) {
                LOG.debugf("ignoring heartbeat %s: %s", kv.getKey(), e.getMessage());
            }
        }
        return heartbeats;
    }

    /** The heartbeats could not be read; nothing can be said about the agents this pass. */
    public static final class EtcdReadFailed extends Exception {
        EtcdReadFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
