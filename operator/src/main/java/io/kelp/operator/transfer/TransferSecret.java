package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kelp.contract.CollectionRef;

import java.util.Map;

/**
 * The Secret next to a transfer Deployment holding the operator's connection secrets
 * ({@link TransferCredentials}); same name as the Deployment, owned by the collection, so it goes
 * with it. Written only when credentials are configured.
 */
public final class TransferSecret {

    private TransferSecret() {
    }

    public static Secret of(CollectionRef ref, String namespace, HasMetadata owner, TransferCredentials credentials) {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(TransferPlacement.name(ref))
                .withLabels(Map.of("app.kubernetes.io/name", "kelp-transfer",
                        "app.kubernetes.io/instance", ref.name(),
                        "app.kubernetes.io/managed-by", "kelp-operator"))
                .withOwnerReferences(TransferDeployment.ownerReference(owner))
                .endMetadata()
                .withType("Opaque")
                .withStringData(credentials.secretData())
                .build();
    }
}
