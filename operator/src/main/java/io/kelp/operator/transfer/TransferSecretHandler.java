package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kelp.operator.status.PartFailure;
import io.kelp.operator.status.Reason;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Creates and updates the transfers' credential Secrets; an unchanged Secret is not rewritten. */
public final class TransferSecretHandler {

    private final KubernetesClient client;

    public TransferSecretHandler(KubernetesClient client) {
        this.client = client;
    }

    /** Makes the Secret hold exactly {@code desired}'s string data; returns whether it wrote. */
    public boolean ensure(Secret desired) throws PartFailure {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        try {
            Secret existing = client.secrets().inNamespace(namespace).withName(name).get();
            if (existing == null) {
                client.resource(desired).create();
                return true;
            }
            if (Objects.equals(decoded(existing), new TreeMap<>(desired.getStringData()))) {
                return false;
            }
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
            return true;
        } catch (KubernetesClientException e) {
            boolean retryable = e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 409 || e.getCode() == 429;
            throw new PartFailure(Reason.KubernetesFailed, "cannot apply Secret " + namespace + "/" + name + ": "
                    + e.getMessage(), retryable, e);
        }
    }

    public boolean delete(String namespace, String name) {
        return !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty();
    }

    /** A stored Secret's values as text (the API returns data base64 encoded; stringData is write-only). */
    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) ->
                    values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData()); // the mock API stores stringData as given
        }
        return values;
    }
}
