package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired transfer Deployment of a collection: one consumer group per collection, pods that
 * find their task in etcd by {@code kelp.transfer.collection}. Its replica count is not part of
 * the desired state: the lag autoscaler owns it, reconcile only sets it at creation.
 */
public final class TransferDeployment {

    public static final String SPEC_HASH = "kelp.io/spec-hash";
    public static final String COLLECTION_LABEL = "kelp.io/collection";

    /** What every transfer pod is given, from the operator's own configuration. */
    public record Settings(String image, String etcdEndpoints, String kafkaBootstrapServers, String elasticsearchUrl) {
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private TransferDeployment() {
    }

    public static String name(CollectionRef ref) {
        return "kelp-transfer-" + ref.name();
    }

    public static Deployment of(CollectionRef ref, LogCollection owner, Settings settings, int initialReplicas,
            ResourceRequirements resources) {
        Map<String, String> labels = Map.of(
                "app.kubernetes.io/name", "kelp-transfer",
                "app.kubernetes.io/instance", ref.name(),
                "app.kubernetes.io/managed-by", "kelp-operator",
                COLLECTION_LABEL, ref.name());
        List<EnvVar> env = List.of(
                new EnvVar("KELP_TRANSFER_COLLECTION", ref.toString(), null),
                new EnvVar("KELP_ETCD_ENDPOINTS", settings.etcdEndpoints(), null),
                new EnvVar("KELP_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers(), null),
                new EnvVar("KELP_ELASTICSEARCH_URL", settings.elasticsearchUrl(), null));
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(ref.namespace())
                .withName(name(ref))
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind())
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(initialReplicas)
                .withNewSelector().withMatchLabels(Map.of(COLLECTION_LABEL, ref.name(),
                        "app.kubernetes.io/name", "kelp-transfer")).endSelector()
                .withTemplate(podTemplate(labels, container(settings, env, resources)))
                .endSpec()
                .build();
        deployment.getMetadata().setAnnotations(Map.of(SPEC_HASH, hashOf(deployment)));
        return deployment;
    }

    private static PodTemplateSpec podTemplate(Map<String, String> labels, Container container) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withContainers(container).endSpec()
                .build();
    }

    private static Container container(Settings settings, List<EnvVar> env, ResourceRequirements resources) {
        return new ContainerBuilder()
                .withName("transfer")
                .withImage(settings.image())
                .withEnv(env)
                .withResources(resources)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready").withNewPort("http").endHttpGet().endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/q/health/live").withNewPort("http").endHttpGet().endLivenessProbe()
                .build();
    }

    /**
     * A hash of everything reconcile manages (not replicas), to skip updates that change nothing.
     * Serialised with sorted keys: {@code Map.of} iterates in a different order in every JVM, and
     * a restarted operator must compute the same hash.
     */
    static String hashOf(Deployment deployment) {
        try {
            byte[] managed = CANONICAL.writeValueAsBytes(List.of(new TreeMap<>(deployment.getMetadata().getLabels()),
                    deployment.getSpec().getSelector(), deployment.getSpec().getTemplate()));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(managed);
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
