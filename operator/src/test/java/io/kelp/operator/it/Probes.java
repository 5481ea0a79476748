package io.kelp.operator.it;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.fabric8.kubernetes.api.model.Condition;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.KelpServers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Reads what the operator did, straight from the real servers and the mock API. */
final class Probes {

    private Probes() {
    }

    static LogCollection read(String namespace, String name) {
        return KelpServers.kubernetes().client().resources(LogCollection.class)
                .inNamespace(namespace).withName(name).get();
    }

    /** kelp_operator_collection_ready of a LogCollection; empty when the operator reports none. */
    static Optional<Double> readiness(MeterRegistry registry, String namespace, String name) {
        Gauge gauge = registry.find("kelp.operator.collection.ready").tag("kind", "LogCollection")
                .tag("collection_namespace", namespace).tag("collection", name).gauge();
        return gauge == null ? Optional.empty() : Optional.of(gauge.value());
    }

    static Optional<Condition> condition(String namespace, String name, String type) {
        LogCollection collection = read(namespace, name);
        if (collection == null || collection.getStatus() == null || collection.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return collection.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static Optional<CollectionTask> task(CollectionRef ref) throws Exception {
        GetResponse response = KelpServers.etcd().client().getKVClient()
                .get(ByteSequence.from(ref.taskKey(), StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        if (response.getKvs().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CollectionTask.fromJson(response.getKvs().get(0).getValue().getBytes()));
    }

    static Optional<TopicDescription> topic(String name) throws Exception {
        try {
            Map<String, TopicDescription> topics = KelpServers.kafka().admin().describeTopics(List.of(name))
                    .allTopicNames().get(5, TimeUnit.SECONDS);
            return Optional.of(topics.get(name));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static boolean indexTemplateExists(String name) throws Exception {
        return KelpServers.elasticsearch().client().indices().existsIndexTemplate(b -> b.name(name)).value();
    }
}
