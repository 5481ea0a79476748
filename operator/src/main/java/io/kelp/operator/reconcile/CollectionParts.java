package io.kelp.operator.reconcile;

import io.kelp.operator.desired.DesiredState;
import io.kelp.operator.elasticsearch.IndexTemplateHandler;
import io.kelp.operator.etcd.EtcdTaskStore;
import io.kelp.operator.kafka.KafkaTopicHandler;
import io.kelp.operator.status.ConditionType;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.PartResult;
import io.kelp.operator.status.Reason;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Brings each part of a collection to its desired state and reports one result per part. A part
 * that fails does not stop the others, except that the task is published last and only when its
 * topic and index template exist: agents and transfers act on the task as soon as they see it.
 * Topic and template do not depend on each other and are brought about at the same time (the
 * template on {@code parallel}), so a reconcile waits for the slower of Kafka and Elasticsearch,
 * not for both one after the other.
 */
public final class CollectionParts {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CollectionParts.class);

    private final KafkaTopicHandler topics;
    private final IndexTemplateHandler templates;
    private final EtcdTaskStore tasks;
    private final Executor parallel;

    public CollectionParts(KafkaTopicHandler topics, IndexTemplateHandler templates, EtcdTaskStore tasks,
            Executor parallel) {
        this.topics = topics;
        this.templates = templates;
        this.tasks = tasks;
        this.parallel = parallel;
    }

    public List<PartResult> apply(DesiredState desired) {
        // Messages describe the state reached, not the action taken, so that the resync after a
        // change yields the same condition and writes nothing.
        CompletableFuture<PartResult> templateResult = CompletableFuture.supplyAsync(() -> attempt(
                ConditionType.INDEX_TEMPLATE_READY, Reason.ElasticsearchUnavailable,
                () -> templates.ensure(desired.indexTemplate()),
                "index template " + desired.indexTemplate().name() + " applies to " + desired.ref().indexPattern()),
                parallel);
        PartResult topic = attempt(ConditionType.TOPIC_READY, Reason.KafkaUnavailable,
                () -> topics.ensure(desired.topic()),
                "topic " + desired.topic().name() + " has " + desired.topic().partitions() + " partitions");
        // attempt() turns every failure into a result and each call is bounded by the request timeout.
        PartResult template = templateResult.join();
        PartResult task;
        if (topic.ready() && template.ready()) {
            task = attempt(ConditionType.TASK_PUBLISHED, Reason.EtcdUnavailable,
                    () -> tasks.publish(desired.task()),
                    "generation " + desired.task().generation() + " published at " + desired.ref().taskKey());
        } else {
            task = PartResult.failed(ConditionType.TASK_PUBLISHED, Reason.WaitingForDependencies,
                    "generation " + desired.task().generation() + " is published once its topic and index template are ready",
                    false);
        }
        return List.of(task, topic, template);
    }

    private static PartResult attempt(ConditionType type, Reason unexpected, PartAction action, String readyMessage) {
        long started = System.nanoTime();
        try {
            return PartResult.ready(type, readyMessage, action.run());
        } catch (PartFailure e) {
            return PartResult.failed(type, e.reason(), e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            // A client library throwing unchecked (e.g. on a broken connection) is treated as an outage.
            return PartResult.failed(type, unexpected, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } finally {
            LOG.debugf("%s took %d ms", type.wireName(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    @FunctionalInterface
    private interface PartAction {
        /** Returns whether it changed anything. */
        boolean run() throws PartFailure;
    }
}
