package io.kelp.operator.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.util.Map;

/**
 * Writes measured fields (lag and transfer replicas from the autoscaler, agents and lines/s from
 * heartbeats) into a collection's status with a merge patch of just those fields, so it never
 * touches the conditions reconcile owns. Works for both kinds: a cluster collection's ref has the
 * pseudo namespace {@code _cluster}.
 */
public final class MeasuredStatusPatcher {

    private static final Logger LOG = Logger.getLogger(MeasuredStatusPatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public MeasuredStatusPatcher(KubernetesClient client) {
        this.client = client;
    }

    /** Returns whether the write went through; a failure is left to the next measurement. */
    public boolean patch(CollectionRef ref, Map<String, Object> fields) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("status", fields));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        try {
            // Through a stub of the collection rather than withName(..): fabric8 patches a resource
            // it does not hold by GETting it first, a read per measurement for nothing.
            client.resource(stub(ref)).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                // Not an outage: RBAC refuses it, and will at every measurement until someone acts.
                LOG.warnf("not allowed to record %s of %s: %s", fields.keySet(), ref, e.getMessage());
            } else {
                LOG.debugf("cannot record %s of %s: %s", fields.keySet(), ref, e.getMessage());
            }
            return false;
        }
    }

    private static HasMetadata stub(CollectionRef ref) {
        HasMetadata stub = ref.clusterScoped() ? new ClusterLogCollection() : new LogCollection();
        stub.setMetadata(new ObjectMetaBuilder().withName(ref.name())
                .withNamespace(ref.clusterScoped() ? null : ref.namespace()).build());
        return stub;
    }
}
