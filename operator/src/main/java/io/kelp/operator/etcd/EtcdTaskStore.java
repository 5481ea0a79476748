package io.kelp.operator.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.Reason;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes and withdraws collection tasks under {@link CollectionRef#taskKey()}. Every agent and
 * transfer watches the prefix, so an unchanged value is never rewritten: a put wakes them all.
 * Thread-safe (jetcd's KV client is).
 */
public final class EtcdTaskStore {

    private final KV kv;
    private final Duration timeout;

    public EtcdTaskStore(KV kv, Duration timeout) {
        this.kv = kv;
        this.timeout = timeout;
    }

    /** Writes the task unless etcd already holds exactly this value; returns whether it wrote. */
    public boolean publish(CollectionTask task) throws PartFailure {
        ByteSequence key = key(task.collection());
        byte[] value = task.toJson();
        List<KeyValue> current = await(kv.get(key), "read " + task.collection().taskKey()).getKvs();
        if (!current.isEmpty() && Arrays.equals(current.get(0).getValue().getBytes(), value)) {
            return false;
        }
        await(kv.put(key, ByteSequence.from(value)), "write " + task.collection().taskKey());
        return true;
    }

    /** Deletes the task key; returns whether there was one. */
    public boolean withdraw(CollectionRef ref) throws PartFailure {
        return await(kv.delete(key(ref)), "delete " + ref.taskKey()).getDeleted() > 0;
    }

    private static ByteSequence key(CollectionRef ref) {
        return ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8);
    }

    private <T> T await(CompletableFuture<T> call, String what) throws PartFailure {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PartFailure.retryable(Reason.EtcdUnavailable, "interrupted while trying to " + what, e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw PartFailure.retryable(Reason.EtcdUnavailable,
                    "etcd did not answer within " + timeout.toMillis() + " ms to " + what, e);
        } catch (ExecutionException e) {
            throw PartFailure.retryable(Reason.EtcdUnavailable,
                    "etcd failed to " + what + ": " + rootMessage(e), e.getCause());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
