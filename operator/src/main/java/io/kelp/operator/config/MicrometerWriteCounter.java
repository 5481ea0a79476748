package io.kelp.operator.config;

import io.kelp.operator.reconcile.WriteCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code kelp_operator_writes_total{target=...}} on /q/metrics. */
final class MicrometerWriteCounter implements WriteCounter {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MicrometerWriteCounter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void wrote(String target) {
        counters.computeIfAbsent(target, t -> Counter.builder("kelp.operator.writes")
                .description("Writes to etcd, Kafka, Elasticsearch and the Kubernetes API, by what was written")
                .tag("target", t)
                .register(registry)).increment();
    }
}
