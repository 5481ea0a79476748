package io.kelp.transfer;

import io.kelp.transfer.pipeline.TransferMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Prometheus names: kelp_transfer_documents_indexed_total, kelp_transfer_bulk_seconds, ... */
final class MicrometerTransferMetrics implements TransferMetrics {

    private final MeterRegistry registry;
    private final Counter indexed;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter bulkBytes;
    private final Timer bulkLatency;
    private final AtomicInteger paused = new AtomicInteger();
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

    MicrometerTransferMetrics(MeterRegistry registry) {
        this.registry = registry;
        indexed = Counter.builder("kelp.transfer.documents.indexed")
                .description("Documents Elasticsearch acknowledged").register(registry);
        retried = Counter.builder("kelp.transfer.documents.retried")
                .description("Documents sent again after a 429/5xx or a failed request").register(registry);
        deadLettered = Counter.builder("kelp.transfer.documents.dead.lettered")
                .description("Documents sent to the dead-letter topic").register(registry);
        bulkBytes = Counter.builder("kelp.transfer.bulk.bytes").description("Bulk body bytes sent").register(registry);
        bulkLatency = Timer.builder("kelp.transfer.bulk").description("Bulk request latency")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("kelp.transfer.paused", paused, AtomicInteger::get)
                .description("1 while partitions are paused for backpressure").register(registry);
    }

    @Override
    public void indexed(int documents) {
        indexed.increment(documents);
    }

    @Override
    public void bulkCompleted(long nanos, int documents, int bytes) {
        bulkLatency.record(nanos, TimeUnit.NANOSECONDS);
        bulkBytes.increment(bytes);
    }

    @Override
    public void retried(int documents) {
        retried.increment(documents);
    }

    @Override
    public void deadLettered(int documents) {
        deadLettered.increment(documents);
    }

    @Override
    public void lag(String topic, int partition, long lag) {
        lags.computeIfAbsent(topic + "/" + partition, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("kelp.transfer.lag", holder, AtomicLong::get)
                    .description("Records behind the end of the partition")
                    .tags(Tags.of("topic", topic, "partition", Integer.toString(partition)))
                    .register(registry);
            return holder;
        }).set(lag);
    }

    @Override
    public void forgetLag(String topic, int partition) {
        AtomicLong holder = lags.remove(topic + "/" + partition);
        if (holder != null) {
            registry.find("kelp.transfer.lag").tags("topic", topic, "partition", Integer.toString(partition))
                    .meters().forEach(registry::remove);
        }
    }

    @Override
    public void paused(boolean isPaused) {
        paused.set(isPaused ? 1 : 0);
    }
}
