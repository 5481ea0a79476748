package io.kelp.operator.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads topic partitions and configs for many reconciles at once. Reconciles of different
 * collections run on different threads; each asks for its own topic, and the requests that arrive
 * within a few milliseconds are answered by one {@code describeTopics} and one
 * {@code describeConfigs} call. A resync of a thousand collections thus costs a few dozen Admin
 * round trips instead of two thousand.
 */
public final class TopicStateReader implements AutoCloseable {

    /** What a topic looks like now; {@code configs} holds every config the broker reports. */
    public record TopicState(int partitions, Map<String, String> configs) {
    }

    private final Admin admin;
    private final Coalescer<String, Optional<TopicState>> batches;

    public TopicStateReader(Admin admin, Duration linger) {
        this.admin = admin;
        this.batches = new Coalescer<>("kelp-topic-reads", linger, this::describe);
    }

    /** The topic's state, or empty when it does not exist; completes exceptionally on a Kafka error. */
    public CompletableFuture<Optional<TopicState>> read(String topic) {
        return batches.submit(topic, topic);
    }

    private void describe(Map<String, Coalescer.Pending<String, Optional<TopicState>>> batch) {
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(batch.keySet()).topicNameValues();
        List<ConfigResource> resources = new ArrayList<>();
        batch.keySet().forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(resources).values();
        batch.forEach((topic, pending) -> complete(pending.result(), descriptions.get(topic),
                configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))));
    }

    private static void complete(CompletableFuture<Optional<TopicState>> future, KafkaFuture<TopicDescription> description,
            KafkaFuture<Config> config) {
        description.whenComplete((topic, describeError) -> {
            if (describeError instanceof UnknownTopicOrPartitionException) {
                future.complete(Optional.empty());
            } else if (describeError != null) {
                future.completeExceptionally(describeError);
            } else {
                config.whenComplete((cfg, configError) -> {
                    if (configError != null) {
                        future.completeExceptionally(configError);
                        return;
                    }
                    Map<String, String> values = new HashMap<>();
                    for (ConfigEntry entry : cfg.entries()) {
                        if (entry.value() != null) {
                            values.put(entry.name(), entry.value());
                        }
                    }
                    future.complete(Optional.of(new TopicState(topic.partitions().size(), values)));
                });
            }
        });
    }

    @Override
    public void close() {
        batches.close();
    }
}
