package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.Reason;

import java.util.Objects;

/**
 * Creates and updates transfer Deployments and sets their replicas. Updates keep the replica count
 * the autoscaler chose; only the autoscaler changes it after creation.
 */
public final class TransferDeploymentHandler {

    private final KubernetesClient client;

    public TransferDeploymentHandler(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Returns the Deployment's current replicas after making it match {@code desired}. When the
     * caller has never seen it ({@code probablyNew}: a new collection) it is created straight away,
     * without reading first; only if it exists after all (409) is it read and compared.
     */
    public Applied ensure(Deployment desired, boolean probablyNew) throws PartFailure {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        try {
            if (probablyNew && created(desired)) {
                return new Applied(desired.getSpec().getReplicas(), true);
            }
            Deployment existing = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (existing == null) {
                client.resource(desired).create();
                return new Applied(desired.getSpec().getReplicas(), true);
            }
            int replicas = existing.getSpec().getReplicas() == null ? 0 : existing.getSpec().getReplicas();
            if (Objects.equals(hash(existing), hash(desired))) {
                return new Applied(replicas, false);
            }
            desired.getSpec().setReplicas(replicas);
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
            return new Applied(replicas, true);
        } catch (KubernetesClientException e) {
            boolean retryable = e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 409 || e.getCode() == 429;
            throw new PartFailure(Reason.KubernetesFailed, "cannot apply Deployment " + namespace + "/" + name + ": "
                    + e.getMessage(), retryable, e);
        }
    }

    /** Creates the Deployment; false when it already exists. */
    private boolean created(Deployment desired) {
        try {
            client.resource(desired).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Sets the replicas; returns false when the Deployment does not exist (yet). */
    public boolean scale(String namespace, String name, int replicas) {
        Deployment existing = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            return false;
        }
        client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
        return true;
    }

    public boolean delete(String namespace, String name) {
        return !client.apps().deployments().inNamespace(namespace).withName(name).delete().isEmpty();
    }

    private static String hash(Deployment deployment) {
        return deployment.getMetadata().getAnnotations() == null ? null
                : deployment.getMetadata().getAnnotations().get(TransferDeployment.SPEC_HASH);
    }

    /** The outcome of {@link #ensure}: the replicas the Deployment has and whether it was written. */
    public record Applied(int replicas, boolean changed) {
    }
}
