package io.kelp.e2e.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kelp.e2e.helm.RenderedChart.RELEASE;
import static io.kelp.e2e.helm.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;

/** Lints and renders the chart with its default values and checks what the manifests promise. */
class HelmChartTest {

    private static final RenderedChart DEFAULTS = render();

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderOnlyCoreObjectsAndNoMonitoringKinds() {
        assertThat(DEFAULTS.objects()).extracting(HasMetadata::getKind).doesNotContain(
                "ServiceMonitor", "PodMonitor", "PrometheusRule", "ConfigMap", "Service");
        assertThat(DEFAULTS.all(Deployment.class)).hasSize(1);
        assertThat(DEFAULTS.all(DaemonSet.class)).hasSize(1);
    }

    @Test
    void agentMountsHostLogDirectoriesReadOnlyAndOnlyCheckpointsWritable() {
        Container container = DEFAULTS.agentContainer();
        Map<String, VolumeMount> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getName, m -> m));
        assertThat(mounts.get("pod-logs").getMountPath()).isEqualTo("/var/log/pods");
        assertThat(mounts.get("pod-logs").getReadOnly()).isTrue();
        assertThat(mounts.get("container-logs").getMountPath()).isEqualTo("/var/log/containers");
        assertThat(mounts.get("container-logs").getReadOnly()).isTrue();
        assertThat(mounts).doesNotContainKey("docker-containers");
        List<String> writableHostMounts = DEFAULTS.agent().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getHostPath() != null)
                .map(Volume::getName)
                .filter(name -> !Boolean.TRUE.equals(mounts.get(name).getReadOnly()))
                .toList();
        assertThat(writableHostMounts).containsExactly("checkpoints");
        assertThat(mounts.get("checkpoints").getMountPath()).isEqualTo(envValue(container, "KELP_AGENT_CHECKPOINT_DIR"));
        assertThat(volume(DEFAULTS.agent().getSpec().getTemplate().getSpec(), "checkpoints").getHostPath().getType())
                .isEqualTo("DirectoryOrCreate");
    }

    @Test
    void agentRunsAsRootOnlyToReadRootOwnedLogsWithEveryCapabilityDropped() {
        PodSpec pod = DEFAULTS.agent().getSpec().getTemplate().getSpec();
        Container container = DEFAULTS.agentContainer();
        assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
        assertThat(container.getSecurityContext().getPrivileged()).isFalse();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(pod.getTolerations()).anyMatch(t -> "Exists".equals(t.getOperator()) && t.getKey() == null);
    }

    @Test
    void operatorRunsAsNonRootWithReadOnlyRootFilesystem() {
        PodSpec pod = DEFAULTS.operator().getSpec().getTemplate().getSpec();
        Container container = DEFAULTS.operatorContainer();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    }

    @Test
    void everyContainerServesHealthAndMetricsOnQuarkusHttpPort() {
        for (Container container : List.of(DEFAULTS.operatorContainer(), DEFAULTS.agentContainer())) {
            assertThat(container.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(8080);
            });
            assertProbe(container.getLivenessProbe(), "/q/health/live");
            assertProbe(container.getReadinessProbe(), "/q/health/ready");
        }
    }

    @Test
    void imagesFollowTheImagesDirectoryNamesAndTheChartAppVersion() {
        assertThat(DEFAULTS.operatorContainer().getImage()).isEqualTo("ghcr.io/kelp-logs/kelp-operator:0.1.0");
        assertThat(DEFAULTS.agentContainer().getImage()).isEqualTo("ghcr.io/kelp-logs/kelp-agent:0.1.0");
        assertThat(envValue(DEFAULTS.operatorContainer(), "KELP_OPERATOR_TRANSFER_IMAGE"))
                .isEqualTo("ghcr.io/kelp-logs/kelp-transfer:0.1.0");
        for (String component : List.of("operator", "agent", "transfer")) {
            assertThat(RenderedChart.REPOSITORY.resolve("images/" + component + "/Dockerfile")).isRegularFile();
        }
    }

    @Test
    void agentMayOnlyReadPods() {
        ClusterRole role = DEFAULTS.named(ClusterRole.class, RELEASE + "-agent");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("list", "watch"); // its informer
        });
    }

    @Test
    void operatorRbacGrantsExactlyWhatItsCodeCalls() {
        Map<String, List<String>> verbs = verbsByResource(DEFAULTS.named(ClusterRole.class, RELEASE + "-operator").getRules());
        assertThat(verbs).containsOnlyKeys("kelp.io/logcollections", "kelp.io/logcollections/status",
                "kelp.io/logcollections/finalizers", "/events", "apps/deployments", "/secrets");
        // The informer lists and watches; the finalizer is added and removed by JSON patch and
        // re-read by get after a conflict; the status is only patched (SSA or merge/JSON patch).
        assertThat(verbs.get("kelp.io/logcollections")).containsExactlyInAnyOrder("get", "list", "watch", "patch");
        assertThat(verbs.get("kelp.io/logcollections/status")).containsExactly("patch");
        assertThat(verbs.get("kelp.io/logcollections/finalizers")).containsExactly("update");
        assertThat(verbs.get("/events")).containsExactly("create");
        assertThat(verbs.get("apps/deployments")).containsExactlyInAnyOrder("get", "create", "update", "patch", "delete");
        // Secrets only for the credential Secret the operator writes beside each transfer Deployment
        // (transfer pods read Kafka/Elasticsearch/etcd credentials from their own namespace): no list
        // or watch, so the operator cannot enumerate other Secrets.
        assertThat(verbs.get("/secrets")).containsExactlyInAnyOrder("get", "create", "update", "delete");
        assertThat(DEFAULTS.all(ClusterRole.class)).allSatisfy(role -> assertThat(role.getRules())
                .noneMatch(rule -> rule.getVerbs().contains("*") || rule.getResources().contains("*")
                        || rule.getResources().contains("secrets") && (rule.getVerbs().contains("list")
                        || rule.getVerbs().contains("watch"))));
        Map<String, List<String>> clusterKind = verbsByResource(
                DEFAULTS.named(ClusterRole.class, RELEASE + "-operator-cluster-collections").getRules());
        assertThat(clusterKind).containsOnlyKeys("kelp.io/clusterlogcollections", "kelp.io/clusterlogcollections/status",
                "kelp.io/clusterlogcollections/finalizers");
        assertThat(clusterKind.get("kelp.io/clusterlogcollections"))
                .containsExactlyInAnyOrder("get", "list", "watch", "patch");
        assertThat(clusterKind.get("kelp.io/clusterlogcollections/status")).containsExactly("patch");
        assertThat(clusterKind.get("kelp.io/clusterlogcollections/finalizers")).containsExactly("update");
        assertThat(DEFAULTS.named(ClusterRoleBinding.class, RELEASE + "-operator-cluster-collections").getRoleRef()
                .getName()).isEqualTo(RELEASE + "-operator-cluster-collections");
        ClusterRoleBinding binding = DEFAULTS.named(ClusterRoleBinding.class, RELEASE + "-operator");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(RELEASE + "-operator");
            assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        });
    }

    @Test
    void leasesAreGrantedOnlyInTheReleaseNamespace() {
        Role role = DEFAULTS.named(Role.class, RELEASE + "-operator-leader-election");
        assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
        assertThat(verbsByResource(role.getRules()).get("coordination.k8s.io/leases"))
                .containsExactlyInAnyOrder("get", "create", "update");
        RoleBinding binding = DEFAULTS.named(RoleBinding.class, RELEASE + "-operator-leader-election");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(DEFAULTS.all(ClusterRole.class)).allSatisfy(r -> assertThat(verbsByResource(r.getRules()))
                .doesNotContainKey("coordination.k8s.io/leases"));
    }

    @Test
    void operatorElectsALeaderInItsOwnNamespaceByDefault() {
        Container container = DEFAULTS.operatorContainer();
        assertThat(envValue(container, "KELP_OPERATOR_LEADER_ELECTION_ENABLED")).isEqualTo("true");
        assertThat(envValue(container, "KELP_OPERATOR_LEADER_ELECTION_LEASE_NAME")).isEqualTo("kelp-operator-leader");
        assertThat(env(container, "KELP_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE").getValueFrom().getFieldRef()
                .getFieldPath()).isEqualTo("metadata.namespace");
    }

    @Test
    void endpointsReachEveryComponentThatUsesThem() {
        RenderedChart chart = render("kafka.bootstrapServers", "kafka-0.example:9093,kafka-1.example:9093",
                "etcd.endpoints", "https://etcd.example:2379", "elasticsearch.url", "https://es.example:9200");
        for (Container container : List.of(chart.operatorContainer(), chart.agentContainer())) {
            assertThat(envValue(container, "KELP_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka-0.example:9093,kafka-1.example:9093");
            assertThat(envValue(container, "KELP_ETCD_ENDPOINTS")).isEqualTo("https://etcd.example:2379");
        }
        assertThat(envValue(chart.operatorContainer(), "KELP_ELASTICSEARCH_URL")).isEqualTo("https://es.example:9200");
        assertThat(env(chart.agentContainer(), "KELP_AGENT_NODE_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("spec.nodeName");
    }

    @Test
    void agentsWatchOnlyThePodsOfTheirOwnNode() {
        assertThat(envValue(render().agentContainer(), "KELP_AGENT_KUBERNETES_SERVER_SIDE_NODE_FILTER")).isEqualTo("true");
    }

    static Map<String, List<String>> verbsByResource(List<PolicyRule> rules) {
        Map<String, List<String>> verbs = new HashMap<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    verbs.computeIfAbsent(group + "/" + resource, k -> new ArrayList<>()).addAll(rule.getVerbs());
                }
            }
        }
        return verbs;
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }

    static String envValue(Container container, String name) {
        return env(container, name).getValue();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}
