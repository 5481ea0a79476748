package io.kelp.transfer;

import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.transfer.pipeline.TransferSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Optional;

/**
 * Starts the transfer with the application and stops it on shutdown: on SIGTERM Quarkus runs the
 * shutdown observer, which waits for in-flight bulks and commits what is safe before the JVM exits.
 */
@ApplicationScoped
public class TransferService {

    private final TransferConfig config;
    private final MeterRegistry registry;
    private volatile TransferRuntime runtime;

    public TransferService(TransferConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        CollectionRef collection = CollectionRef.parse(config.transfer().collection());
        TransferRuntime.Endpoints endpoints = new TransferRuntime.Endpoints(config.kafka().bootstrapServers(),
                config.elasticsearch().url(), config.etcd().endpoints().orElse(null), security());
        MicrometerTransferMetrics metrics = new MicrometerTransferMetrics(registry);
        Optional<String> topic = config.transfer().topic();
        Optional<String> indexPrefix = config.transfer().indexPrefix();
        if (topic.isPresent() != indexPrefix.isPresent()) {
            throw new IllegalArgumentException("set both kelp.transfer.topic and kelp.transfer.index-prefix, or neither");
        }
        if (topic.isPresent()) {
            runtime = TransferRuntime.withStaticSink(collection, new CollectionTask.Sink(topic.get(), indexPrefix.get()),
                    endpoints, settings(), metrics).start();
        } else if (endpoints.etcdEndpoints() == null) {
            throw new IllegalArgumentException("set kelp.etcd.endpoints (or a fixed kelp.transfer.topic and index-prefix)");
        } else {
            runtime = new TransferRuntime(collection, endpoints, settings(), metrics).start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (runtime != null) {
            runtime.close();
        }
    }

    boolean consuming() {
        return runtime != null && runtime.consuming();
    }

    boolean alive(Duration maxSilence) {
        return runtime != null && runtime.alive(maxSilence);
    }

    String collection() {
        return config.transfer().collection();
    }

    private ClientSecurity security() {
        TransferConfig.Elasticsearch es = config.elasticsearch();
        TransferConfig.Etcd etcd = config.etcd();
        return new ClientSecurity(config.kafka().properties(), es.username().orElse(null), es.password().orElse(null),
                es.apiKey().orElse(null), etcd.user().orElse(null), etcd.password().orElse(null),
                etcd.caFile().orElse(null));
    }

    private TransferSettings settings() {
        TransferConfig.Transfer t = config.transfer();
        TransferConfig.Bulk b = t.bulk();
        return new TransferSettings(b.maxBytes(), b.maxDocuments(), b.linger(), b.concurrency(), b.maxInFlightBytes(),
                t.commitInterval(), t.revokeTimeout(), t.shutdownTimeout(), t.backoffInitial(), t.backoffMax());
    }
}
