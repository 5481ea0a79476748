package io.kelp.operator.kafka;

import io.kelp.operator.desired.TopicSpec;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.Reason;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes a collection's topic exist with at least the partitions the spec asks for. Partitions only
 * grow: Kafka cannot remove them, so a smaller count is refused rather than silently ignored.
 * Reads ({@link TopicStateReader}) and creations of concurrent reconciles are batched: a burst of
 * new collections costs one CreateTopics request per few milliseconds, which the controller
 * commits as one metadata batch, instead of one request (and one controller round) per topic.
 * Thread-safe (the Admin client is).
 */
public final class KafkaTopicHandler implements AutoCloseable {

    private static final Duration CREATE_LINGER = Duration.ofMillis(10);

    private final Admin admin;
    private final TopicStateReader reader;
    private final Coalescer<NewTopic, Void> creations;
    private final Duration timeout;

    public KafkaTopicHandler(Admin admin, TopicStateReader reader, Duration timeout) {
        this.admin = admin;
        this.reader = reader;
        this.creations = new Coalescer<>("kelp-topic-creates", CREATE_LINGER, this::createAll);
        this.timeout = timeout;
    }

    /** Creates or grows the topic; returns whether it changed anything. */
    public boolean ensure(TopicSpec spec) throws PartFailure {
        Optional<TopicStateReader.TopicState> existing = await(reader.read(spec.name()), "describe " + spec.name());
        if (existing.isEmpty()) {
            return create(spec);
        }
        boolean configsChanged = alignConfigs(spec, existing.get().configs());
        int actual = existing.get().partitions();
        if (actual > spec.partitions()) {
            throw PartFailure.terminal(Reason.PartitionDecreaseRefused, "spec.kafka.partitions is " + spec.partitions()
                    + " but topic " + spec.name() + " has " + actual + "; Kafka cannot remove partitions");
        }
        if (actual < spec.partitions()) {
            await(admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions()))).all(),
                    "add partitions to " + spec.name());
            return true;
        }
        return configsChanged;
    }

    /** Sets the topic configs Kelp manages where they differ; other configs are left alone. */
    private boolean alignConfigs(TopicSpec spec, Map<String, String> current) throws PartFailure {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        List<AlterConfigOp> changes = new ArrayList<>();
        spec.configs().forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                changes.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
            }
        });
        if (changes.isEmpty()) {
            return false;
        }
        await(admin.incrementalAlterConfigs(Map.of(resource, changes)).all(), "alter configs of " + spec.name());
        return true;
    }

    /** Deletes the topic; returns whether it existed. */
    public boolean delete(String topic) throws PartFailure {
        try {
            await(admin.deleteTopics(List.of(topic)).all(), "delete topic " + topic);
            return true;
        } catch (PartFailure e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private boolean create(TopicSpec spec) throws PartFailure {
        NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()),
                spec.replicationFactor().map(Integer::shortValue)).configs(spec.configs());
        try {
            await(creations.submit(spec.name(), topic), "create topic " + spec.name());
            return true;
        } catch (PartFailure e) {
            if (e.getCause() instanceof TopicExistsException) {
                // Created concurrently (another replica, or a broker-side auto-create): check it as found.
                return ensure(spec);
            }
            throw e;
        }
    }

    /** One CreateTopics request for the batch; each topic's own outcome completes its future. */
    private void createAll(Map<String, Coalescer.Pending<NewTopic, Void>> batch) {
        Map<String, KafkaFuture<Void>> results = admin.createTopics(
                batch.values().stream().map(Coalescer.Pending::request).toList()).values();
        batch.forEach((name, pending) -> results.get(name).whenComplete((ignored, error) -> {
            if (error != null) {
                pending.result().completeExceptionally(error);
            } else {
                pending.result().complete(null);
            }
        }));
    }

    @Override
    public void close() {
        creations.close();
    }

    private <T> T await(KafkaFuture<T> call, String what) throws PartFailure {
        return await(call::get, what);
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> call, String what) throws PartFailure {
        return await(call::get, what);
    }

    /** A future's timed get; KafkaFuture and CompletableFuture share no interface that has one. */
    @FunctionalInterface
    private interface TimedGet<T> {
        T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException;
    }

    private <T> T await(TimedGet<T> call, String what) throws PartFailure {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PartFailure.retryable(Reason.KafkaUnavailable, "interrupted while trying to " + what, e);
        } catch (TimeoutException e) {
            throw PartFailure.retryable(Reason.KafkaUnavailable,
                    "Kafka did not answer within " + timeout.toMillis() + " ms to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // Retriable errors (timeouts, no leader yet) heal by themselves; other API errors are a
            // refusal of what we asked (bad replication factor, policy) and need a spec change.
            boolean retryable = cause instanceof RetriableException || !(cause instanceof ApiException);
            String message = "Kafka failed to " + what + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            throw new PartFailure(retryable ? Reason.KafkaUnavailable : Reason.KafkaRejected, message, retryable, cause);
        }
    }
}
