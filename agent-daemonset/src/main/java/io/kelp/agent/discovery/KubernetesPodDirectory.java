package io.kelp.agent.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the labels of this node's pods from a pod informer. Pods are filtered on
 * {@code spec.nodeName} on the client side, and optionally by the API server too; unscheduled pods
 * are kept since they may land here. A deleted
 * pod's labels are kept for {@code retainDeletedMillis} so its last lines are still shipped with them.
 */
public final class KubernetesPodDirectory implements PodDirectory, ResourceEventHandler<Pod>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPodDirectory.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final long retainDeletedMillis;
    private final Map<String, Map<String, String>> byUid = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> byName = new ConcurrentHashMap<>();
    private final Map<String, String> uidByName = new ConcurrentHashMap<>();
    private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> informer;

    private final boolean serverSideNodeFilter;

    /**
     * @param serverSideNodeFilter ask the API server for this node's pods only (a field selector on
     *                             {@code spec.nodeName}); use it in clusters, where listing every pod
     *                             from every node is expensive. The fabric8 mock API ignores field
     *                             selectors, so tests leave it off and rely on the client-side filter.
     */
    public KubernetesPodDirectory(KubernetesClient client, String nodeName, long retainDeletedMillis,
                                  boolean serverSideNodeFilter) {
        this.client = client;
        this.nodeName = nodeName;
        this.retainDeletedMillis = retainDeletedMillis;
        this.serverSideNodeFilter = serverSideNodeFilter;
    }

    public void start() {
        var pods = client.pods().inAnyNamespace();
        informer = serverSideNodeFilter
                ? pods.withField("spec.nodeName", nodeName).runnableInformer(60_000)
                : pods.runnableInformer(60_000);
        informer.addEventHandler(this);
        informer.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("pod informer failed to start (pods stay unknown until it recovers): {}", error.toString());
            } else {
                LOG.info("pod informer synced");
            }
        });
    }

    @Override
    public Map<String, String> labels(String namespace, String pod, String uid) {
        evictDeleted();
        Map<String, String> labels = byUid.get(uid);
        return labels != null ? labels : byName.get(namespace + "/" + pod);
    }

    @Override
    public boolean ready() {
        return informer != null && informer.hasSynced();
    }

    @Override
    public void onAdd(Pod pod) {
        remember(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        remember(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        deletedAt.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), System.currentTimeMillis());
    }

    private void remember(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (node != null && !node.isEmpty() && !node.equals(nodeName)) {
            forget(name, pod.getMetadata().getUid());
            return;
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(pod.getMetadata().getLabels());
        if (pod.getMetadata().getUid() != null) {
            byUid.put(pod.getMetadata().getUid(), labels);
            uidByName.put(name, pod.getMetadata().getUid());
        }
        byName.put(name, labels);
        deletedAt.remove(name);
    }

    private void forget(String name, String uid) {
        byName.remove(name);
        uidByName.remove(name);
        if (uid != null) {
            byUid.remove(uid);
        }
    }

    private void evictDeleted() {
        if (deletedAt.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        deletedAt.entrySet().removeIf(entry -> {
            if (now - entry.getValue() < retainDeletedMillis) {
                return false;
            }
            forget(entry.getKey(), uidByName.get(entry.getKey()));
            return true;
        });
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
