package io.kelp.operator.config;

import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.operator.reconcile.CollectionReadiness;
import io.kelp.operator.reconcile.CollectionReadiness.Key;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code kelp_operator_collection_ready{kind, collection_namespace, collection}} on /q/metrics: 1
 * while the collection's Ready condition is True, 0 otherwise; removed when the collection is
 * deleted or found gone by {@link #forgetGone}. The labels are not {@code namespace}/{@code name}:
 * Prometheus gives every scraped series the scraped pod's {@code namespace}, which would rename
 * ours to {@code exported_namespace}.
 * Only the leader reconciles, so only the leader reports.
 */
final class MicrometerCollectionReadiness implements CollectionReadiness {

    static final String METRIC = "kelp.operator.collection.ready";

    private final MeterRegistry registry;
    // Micrometer holds only a weak reference to a gauge's value: this map holds the strong one.
    private final Map<Key, Tracked> tracked = new ConcurrentHashMap<>();

    private record Tracked(AtomicInteger value, Gauge gauge) {
    }

    MicrometerCollectionReadiness(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recorded(CollectionResource collection, boolean ready) {
        tracked.computeIfAbsent(Key.of(collection), key -> {
            AtomicInteger value = new AtomicInteger();
            return new Tracked(value, Gauge.builder(METRIC, value, AtomicInteger::get)
                    .description("1 while the collection's Ready condition is True, else 0")
                    .tags(tags(key)).register(registry));
        }).value().set(ready ? 1 : 0);
    }

    @Override
    public void forget(CollectionResource collection) {
        forget(Key.of(collection));
    }

    @Override
    public void forgetGone(Predicate<Key> exists) {
        // Each key was tracked before it is checked, and a collection is in the cache before it is
        // reconciled: a key the check does not find was deleted, not merely not seen yet.
        tracked.keySet().stream().filter(exists.negate()).toList().forEach(this::forget);
    }

    private void forget(Key key) {
        Tracked gone = tracked.remove(key);
        if (gone != null) {
            registry.remove(gone.gauge());
        }
    }

    private static Tags tags(Key key) {
        return Tags.of("kind", key.kind(), "collection_namespace", key.namespace(), "collection", key.name());
    }
}
