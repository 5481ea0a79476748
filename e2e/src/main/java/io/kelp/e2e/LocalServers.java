package io.kelp.e2e;

import io.kelp.testkit.KelpServers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Starts the local stack's servers side by side and says what is happening while they start: each
 * server's address and start time as it becomes ready, and every 10 s which ones are still
 * starting (Elasticsearch's first start also unpacks its distribution).
 */
final class LocalServers {

    private LocalServers() {
    }

    static void start() throws InterruptedException {
        long started = System.nanoTime();
        Map<String, CompletableFuture<String>> starting = new LinkedHashMap<>();
        starting.put("Kafka (KRaft node)", startAsync(started, "Kafka (KRaft node)",
                () -> KelpServers.kafka().bootstrapServers()));
        starting.put("etcd", startAsync(started, "etcd", () -> KelpServers.etcd().endpoint()));
        starting.put("Elasticsearch", startAsync(started, "Elasticsearch",
                () -> KelpServers.elasticsearch().version() + " at " + KelpServers.elasticsearch().url()));
        starting.put("Kubernetes API (fabric8 mock, CRUD)", startAsync(started, "Kubernetes API (fabric8 mock, CRUD)",
                () -> KelpServers.kubernetes().url()));
        LocalStack.step("starting " + String.join(", ", starting.keySet()));
        for (var server : starting.entrySet()) {
            while (true) {
                try {
                    server.getValue().get(10, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException stillStarting) {
                    LocalStack.step("  still starting after " + seconds(started) + " s: " + String.join(", ",
                            starting.entrySet().stream().filter(e -> !e.getValue().isDone()).map(Map.Entry::getKey)
                                    .toList()));
                } catch (ExecutionException e) {
                    throw new IllegalStateException(server.getKey() + " did not start: " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
    }

    static Pipeline.Endpoints endpoints() {
        return new Pipeline.Endpoints(KelpServers.kafka().bootstrapServers(), KelpServers.etcd().endpoint(),
                KelpServers.elasticsearch().url(), KelpServers.kubernetes().url());
    }

    private static CompletableFuture<String> startAsync(long started, String name, Supplier<String> start) {
        return CompletableFuture.supplyAsync(() -> {
            String where = start.get();
            LocalStack.step("  " + name + " ready after " + seconds(started) + " s: " + where);
            return where;
        });
    }

    private static String seconds(long sinceNanos) {
        return String.format("%.1f", (System.nanoTime() - sinceNanos) / 1e9);
    }
}
