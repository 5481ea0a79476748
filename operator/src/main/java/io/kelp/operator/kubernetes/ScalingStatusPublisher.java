package io.kelp.operator.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import org.jboss.logging.Logger;

/**
 * Writes the measured lag and transfer replicas into a collection's status with a merge patch of
 * just those two fields, so it never touches the conditions reconcile owns.
 */
public final class ScalingStatusPublisher {

    private static final Logger LOG = Logger.getLogger(ScalingStatusPublisher.class);

    private final KubernetesClient client;

    public ScalingStatusPublisher(KubernetesClient client) {
        this.client = client;
    }

    /** Returns whether the write went through. */
    public boolean publish(CollectionRef ref, long lag, int replicas) {
        try {
            client.resources(LogCollection.class).inNamespace(ref.namespace()).withName(ref.name())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"status\":{\"lag\":" + lag + ",\"transferReplicas\":" + replicas + "}}");
            return true;
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot record lag of %s: %s", ref, e.getMessage());
            return false;
        }
    }
}
