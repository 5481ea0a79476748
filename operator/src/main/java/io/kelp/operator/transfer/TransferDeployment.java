package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kelp.contract.CollectionRef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired transfer Deployment of a collection: one consumer group per collection, pods that
 * find their task in etcd by {@code kelp.transfer.collection}, connection secrets from a Secret
 * ({@link TransferCredentials}). Its replica count is not part of
 * the desired state: the lag autoscaler owns it, reconcile only sets it at creation.
 */
public final class TransferDeployment {

    public static final String SPEC_HASH = "kelp.io/spec-hash";
    /** On the pod template: rotated credentials change it, so the pods restart with them. */
    static final String CREDENTIALS_HASH = "kelp.io/credentials-hash";
    private static final String CREDENTIALS_VOLUME = "etcd-ca";

    /** What every transfer pod is given, from the operator's own configuration. */
    public record Settings(String image, String etcdEndpoints, String kafkaBootstrapServers, String elasticsearchUrl,
                           TransferCredentials credentials) {
        public Settings {
            credentials = credentials == null ? TransferCredentials.NONE : credentials;
        }

        /** Without credentials: plain connections. */
        public Settings(String image, String etcdEndpoints, String kafkaBootstrapServers, String elasticsearchUrl) {
            this(image, etcdEndpoints, kafkaBootstrapServers, elasticsearchUrl, TransferCredentials.NONE);
        }
    }

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private TransferDeployment() {
    }

    public static String name(CollectionRef ref) {
        return TransferPlacement.name(ref);
    }

    /**
     * The Deployment of {@code ref}'s transfer in {@code namespace}, owned by {@code owner} (the
     * LogCollection or ClusterLogCollection). With credentials, its pods read them from the Secret
     * {@link #name} in the same namespace ({@link TransferSecret}).
     */
    public static Deployment of(CollectionRef ref, String namespace, HasMetadata owner, Settings settings,
            int initialReplicas, ResourceRequirements resources) {
        Map<String, String> labels = new HashMap<>(Map.of(
                "app.kubernetes.io/name", "kelp-transfer",
                "app.kubernetes.io/instance", ref.name(),
                "app.kubernetes.io/managed-by", "kelp-operator"));
        labels.putAll(TransferPlacement.collectionLabel(ref));
        Map<String, String> selector = new HashMap<>(TransferPlacement.collectionLabel(ref));
        selector.put("app.kubernetes.io/name", "kelp-transfer");
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVar("KELP_TRANSFER_COLLECTION", ref.toString(), null),
                new EnvVar("KELP_ETCD_ENDPOINTS", settings.etcdEndpoints(), null),
                new EnvVar("KELP_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers(), null),
                new EnvVar("KELP_ELASTICSEARCH_URL", settings.elasticsearchUrl(), null)));
        TransferCredentials credentials = settings.credentials();
        env.addAll(credentials.env(name(ref)));
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name(ref))
                .withLabels(labels)
                .withOwnerReferences(ownerReference(owner))
                .endMetadata()
                .withNewSpec()
                .withReplicas(initialReplicas)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withTemplate(podTemplate(labels, container(settings, env, resources), ref, credentials))
                .endSpec()
                .build();
        deployment.getMetadata().setAnnotations(Map.of(SPEC_HASH, hashOf(deployment)));
        return deployment;
    }

    static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static PodTemplateSpec podTemplate(Map<String, String> labels, Container container, CollectionRef ref,
            TransferCredentials credentials) {
        if (credentials.etcdCa() != null) {
            container.setVolumeMounts(List.of(new VolumeMountBuilder().withName(CREDENTIALS_VOLUME)
                    .withMountPath(TransferCredentials.ETCD_CA_DIR).withReadOnly(true).build()));
        }
        PodTemplateSpecBuilder template = new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withContainers(container).endSpec();
        if (!credentials.isEmpty()) {
            template.editMetadata().withAnnotations(Map.of(CREDENTIALS_HASH, credentials.hash())).endMetadata();
        }
        if (credentials.etcdCa() != null) {
            template.editSpec().addNewVolume().withName(CREDENTIALS_VOLUME).withNewSecret().withSecretName(name(ref))
                    .addNewItem().withKey(TransferCredentials.ETCD_CA_KEY).withPath(TransferCredentials.ETCD_CA_KEY)
                    .endItem().endSecret().endVolume().endSpec();
        }
        return template.build();
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
