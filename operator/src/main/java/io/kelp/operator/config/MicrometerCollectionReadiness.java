package io.kelp.operator.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kelp.api.v1alpha1.CollectionResource;
import io.kelp.operator.reconcile.CollectionReadiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code kelp_operator_collection_ready{kind, collection_namespace, collection}} on /q/metrics: 1
 * while the collection's Ready condition is True, 0 otherwise; removed when the collection is
 * deleted. The labels are not {@code namespace}/{@code name}: Prometheus gives every scraped series
 * the scraped pod's {@code namespace}, which would rename ours to {@code exported_namespace}.
 * Only the leader reconciles, so only the leader reports.
 */
final class MicrometerCollectionReadiness implements CollectionReadiness {

    static final String METRIC = "kelp.operator.collection.ready";

    private final MeterRegistry registry;
    // Micrometer holds only a weak reference to a gauge's value: this map holds the strong one.
    private final Map<Tags, Tracked> tracked = new ConcurrentHashMap<>();

    private record Tracked(AtomicInteger value, Gauge gauge) {
    }

    MicrometerCollectionReadiness(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recorded(CollectionResource collection, boolean ready) {
        tracked.computeIfAbsent(tags(collection), tags -> {
            AtomicInteger value = new AtomicInteger();
            return new Tracked(value, Gauge.builder(METRIC, value, AtomicInteger::get)
                    .description("1 while the collection's Ready condition is True, else 0")
                    .tags(tags).register(registry));
        }).value().set(ready ? 1 : 0);
    }

    @Override
    public void forget(CollectionResource collection) {
        Tracked gone = tracked.remove(tags(collection));
        if (gone != null) {
            registry.remove(gone.gauge());
        }
    }

    private static Tags tags(CollectionResource collection) {
        String namespace = collection.getMetadata().getNamespace();
        return Tags.of("kind", ((HasMetadata) collection).getKind(),
                "collection_namespace", namespace == null ? "" : namespace,
                "collection", collection.getMetadata().getName());
    }
}
