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
 * Turns many single requests into batched Admin calls, one batch in flight at a time. Reconciles of
 * different collections run on different threads and each asks about its own topic. A broker
 * handles the requests of one connection one after the other, so single requests queue up behind
 * each other; instead, requests wait here: the first is sent after {@code linger}, and whatever
 * arrives while a batch is in flight goes out as the next batch the moment it completes (group
 * commit). An idle operator adds only the linger; a busy one sends few, large requests. A request
 * for a key already waiting shares its future.
 *
 * @param <R> what is asked per key
 * @param <V> what each request is answered with
 */
final class Coalescer<R, V> implements AutoCloseable {

    /** One request of a batch; the batch call completes {@code result}. */
    record Pending<R, V>(R request, CompletableFuture<V> result) {
    }

    private static final Duration IN_FLIGHT_AT_MOST = Duration.ofMinutes(2);

    private final long lingerMillis;
    private final Consumer<Map<String, Pending<R, V>>> call;
    private final ScheduledExecutorService flusher;
    // Guarded by this.
    private Map<String, Pending<R, V>> pending = new LinkedHashMap<>();
    private boolean flushScheduled;
    private boolean inFlight;

    /** {@code call} sends one batch; it must see every request's future completed eventually. */
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
            Pending<R, V> added = new Pending<>(request, new CompletableFuture<>());
            pending.put(key, added);
            if (!inFlight && !flushScheduled) {
                flushScheduled = true;
                flusher.schedule(this::flush, lingerMillis, TimeUnit.MILLISECONDS);
            }
            return added.result();
        }
    }

    private void flush() {
        Map<String, Pending<R, V>> batch;
        synchronized (this) {
            flushScheduled = false;
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new LinkedHashMap<>();
            inFlight = true;
        }
        try {
            call.accept(batch);
        } catch (RuntimeException e) {
            batch.values().forEach(p -> p.result().completeExceptionally(e));
        }
        // A batch never answered must not hold back every later one (Admin calls time out on their
        // own well before this).
        CompletableFuture.allOf(batch.values().stream().map(Pending::result).toArray(CompletableFuture[]::new))
                .orTimeout(IN_FLIGHT_AT_MOST.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, error) -> batchDone());
    }

    /** The batch in flight is answered: send what queued up meanwhile, now. */
    private void batchDone() {
        synchronized (this) {
            inFlight = false;
            if (!pending.isEmpty() && !flushScheduled) {
                flushScheduled = true;
                flusher.execute(this::flush);
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
