package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.desired.Collections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransferDeploymentTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");
    private static final TransferDeployment.Settings SETTINGS = new TransferDeployment.Settings(
            "kelp-transfer:1", "http://etcd:2379", "kafka:9092", "http://es:9200");

    @Test
    void podsAreToldTheirCollectionAndTheEndpoints() {
        Deployment deployment = TransferDeployment.of(WEB, owner(), SETTINGS, 1, null);

        assertThat(deployment.getMetadata().getName()).isEqualTo("kelp-transfer-web");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("KELP_TRANSFER_COLLECTION", "shop/web"),
                        org.assertj.core.groups.Tuple.tuple("KELP_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getController()).isTrue());
    }

    @Test
    void hashIgnoresReplicasSoTheAutoscalersChoiceIsNeverUndone() {
        String one = TransferDeployment.of(WEB, owner(), SETTINGS, 1, null).getMetadata().getAnnotations()
                .get(TransferDeployment.SPEC_HASH);
        String five = TransferDeployment.of(WEB, owner(), SETTINGS, 5, null).getMetadata().getAnnotations()
                .get(TransferDeployment.SPEC_HASH);

        assertThat(five).isEqualTo(one);
    }

    @Test
    void hashChangesWithImageAndResources() {
        String base = hash(TransferDeployment.of(WEB, owner(), SETTINGS, 1, null));
        String otherImage = hash(TransferDeployment.of(WEB, owner(), new TransferDeployment.Settings(
                "kelp-transfer:2", "http://etcd:2379", "kafka:9092", "http://es:9200"), 1, null));
        String withLimits = hash(TransferDeployment.of(WEB, owner(), SETTINGS, 1, new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("512Mi")).build()));

        assertThat(otherImage).isNotEqualTo(base);
        assertThat(withLimits).isNotEqualTo(base).isNotEqualTo(otherImage);
    }

    private static String hash(Deployment deployment) {
        return deployment.getMetadata().getAnnotations().get(TransferDeployment.SPEC_HASH);
    }

    private static LogCollection owner() {
        LogCollection owner = Collections.collection("shop", "web", 1);
        owner.getMetadata().setUid("uid-1");
        return owner;
    }
}
