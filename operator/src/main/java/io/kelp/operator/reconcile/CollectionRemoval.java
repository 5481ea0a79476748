package io.kelp.operator.reconcile;

import io.kelp.contract.CollectionRef;
import io.kelp.operator.elasticsearch.IndexHandler;
import io.kelp.operator.elasticsearch.IndexTemplateHandler;
import io.kelp.operator.etcd.EtcdTaskStore;
import io.kelp.operator.kafka.KafkaTopicHandler;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.transfer.TransferAutoscaler;
import io.kelp.operator.transfer.TransferDeployment;
import io.kelp.operator.transfer.TransferDeploymentHandler;
import io.kelp.operator.transfer.TransferPlacement;
import io.kelp.operator.transfer.TransferSecretHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes a deleted collection apart. The task and the transfer always go: nothing may keep
 * collecting for a resource that no longer exists. The topic, the index template and the indices
 * go only under the Delete policy. Any failure is thrown, so the finalizer stays and the removal is
 * retried: under Delete, a collection is not gone until its data is.
 */
public final class CollectionRemoval {

    private final EtcdTaskStore tasks;
    private final TransferAutoscaler autoscaler;
    private final TransferDeploymentHandler deployments;
    private final KafkaTopicHandler topics;
    private final IndexTemplateHandler templates;
    private final IndexHandler indices;
    private final TransferSecretHandler secrets;
    private final TransferPlacement placement;

    public CollectionRemoval(EtcdTaskStore tasks, TransferAutoscaler autoscaler, TransferDeploymentHandler deployments,
            TransferSecretHandler secrets, TransferPlacement placement, KafkaTopicHandler topics,
            IndexTemplateHandler templates, IndexHandler indices) {
        this.tasks = tasks;
        this.secrets = secrets;
        this.placement = placement;
        this.autoscaler = autoscaler;
        this.deployments = deployments;
        this.topics = topics;
        this.templates = templates;
        this.indices = indices;
    }

    /** Returns what was removed, for the log and events. */
    public List<String> remove(CollectionRef ref, boolean deleteData) throws PartFailure {
        List<String> removed = new ArrayList<>();
        // The task first: agents stop producing and transfers stop consuming before anything else goes.
        if (tasks.withdraw(ref)) {
            removed.add("task " + ref.taskKey());
        }
        autoscaler.forget(ref);
        // Owner references let a real cluster collect the Deployment and its Secret; deleting them
        // here also covers API servers without garbage collection (the mock API of tests).
        String namespace = placement.namespace(ref);
        if (deployments.delete(namespace, TransferDeployment.name(ref))) {
            removed.add("Deployment " + namespace + "/" + TransferDeployment.name(ref));
        }
        if (secrets.delete(namespace, TransferDeployment.name(ref))) {
            removed.add("Secret " + namespace + "/" + TransferDeployment.name(ref));
        }
        if (!deleteData) {
            return removed;
        }
        if (topics.delete(ref.topic())) {
            removed.add("topic " + ref.topic());
        }
        if (templates.delete(ref.indexTemplateName())) {
            removed.add("index template " + ref.indexTemplateName());
        }
        List<String> daily = indices.list(ref.indexPattern()).stream()
                .filter(index -> index.startsWith(ref.indexPrefix())).toList();
        indices.delete(daily);
        daily.forEach(index -> removed.add("index " + index));
        return removed;
    }
}
