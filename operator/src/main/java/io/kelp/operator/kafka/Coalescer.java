package io.kelp.operator.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns many single requests into one batched Admin call. Reconciles of different collections run
 * on different threads and each asks about its own topic; the requests that arrive within
 * {@code linger} of the first are handed to {@code call} together, on one flusher thread. A request
 * for a key already waiting in the batch shares its future.
 *
 * @param <R> what is asked per key
 * @param <V> what each request is answered with
 */
final class Coalescer<R, V> implements AutoCloseable {

    /** One request of a batch; the batch call completes {@code result}. */
    record Pending<R, V>(R request, CompletableFuture<V> result) {
    }

    private final long lingerMillis;
    private final Consumer<Map<String, Pending<R, V>>> call;
    private final ScheduledExecutorService flusher;
    // Guarded by this: the batch being collected.
    private Map<String, Pending<R, V>> pending = new LinkedHashMap<>();

    Coalescer(String name, Duration linger, Consumer<Map<String, Pending<R, V>>> call) {
        this.lingerMillis = linger.toMillis();
        this.call = call;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    CompletableFuture<V> submit(String key, R request) {
        synchronized (this) {
            Pending<R, V> existing = pending.get(key);
            if (existing != null) {
                return existing.result();
            }
            if (pending.isEmpty()) {
                flusher.schedule(this::flush, lingerMillis, TimeUnit.MILLISECONDS);
            }
            Pending<R, V> added = new Pending<>(request, new CompletableFuture<>());
            pending.put(key, added);
            return added.result();
        }
    }

    private void flush() {
        Map<String, Pending<R, V>> batch;
        synchronized (this) {
            batch = pending;
            pending = new LinkedHashMap<>();
        }
        try {
            call.accept(batch);
        } catch (RuntimeException e) {
            batch.values().forEach(p -> p.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
