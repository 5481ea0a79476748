package io.kelp.e2e.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kelp.e2e.helm.HelmChartTest.env;
import static io.kelp.e2e.helm.HelmChartTest.envValue;
import static io.kelp.e2e.helm.HelmChartTest.verbsByResource;
import static io.kelp.e2e.helm.RenderedChart.RELEASE;
import static io.kelp.e2e.helm.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every feature switch of values.yaml passes {@code helm lint --strict} and renders what it promises. */
class ChartSwitchesTest {

    @TempDir
    Path workDir;

    @Test
    void serviceMonitorsScrapeTheOperatorAndAgentMetricsPorts() {
        assertLints(Map.of("monitoring.serviceMonitor.enabled", true,
                "monitoring.serviceMonitor.labels", Map.of("release", "prometheus")));
        RenderedChart chart = render("monitoring.serviceMonitor.enabled", "true",
                "monitoring.serviceMonitor.labels.release", "prometheus");
        List<GenericKubernetesResource> monitors = chart.ofKind("ServiceMonitor");
        assertThat(monitors).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder(RELEASE + "-operator", RELEASE + "-agent");
        for (GenericKubernetesResource monitor : monitors) {
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            Map<String, Object> endpoint = endpoints(monitor, "endpoints").get(0);
            assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/q/metrics");
            Map<String, String> selector = matchLabels(monitor);
            Service service = chart.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .findFirst().orElseThrow();
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
            Container target = selector.get("app.kubernetes.io/component").equals("agent")
                    ? chart.agentContainer() : chart.operatorContainer();
            assertThat(target.getPorts()).extracting(ContainerPort::getName).contains("http");
        }
    }

    @Test
    void podMonitorSelectsTheLabelsTheOperatorPutsOnTransferPods() throws Exception {
        assertLints(Map.of("monitoring.podMonitor.enabled", true));
        GenericKubernetesResource monitor = render("monitoring.podMonitor.enabled", "true").ofKind("PodMonitor").get(0);
        assertThat(endpoints(monitor, "podMetricsEndpoints").get(0))
                .containsEntry("port", "http").containsEntry("path", "/q/metrics");
        assertThat(namespaceSelector(monitor)).containsEntry("any", true);
        String transferDeployment = Files.readString(RenderedChart.REPOSITORY
                .resolve("operator/src/main/java/io/kelp/operator/transfer/TransferDeployment.java"));
        matchLabels(monitor).forEach((key, value) ->
                assertThat(transferDeployment).contains("\"" + key + "\", \"" + value + "\""));
        assertThat(transferDeployment).contains("withName(\"http\").withContainerPort(8080)");

        GenericKubernetesResource scoped = render("monitoring.podMonitor.enabled", "true",
                "operator.watchNamespaces[0]", "team-a", "operator.watchNamespaces[1]", "team-b").ofKind("PodMonitor").get(0);
        assertThat(namespaceSelector(scoped)).containsEntry("matchNames", List.of("team-a", "team-b"));
    }

    @Test
    void prometheusRuleCoversStalledAgentsLagDeadLettersDamagedLinesAndNotReadyCollections() {
        assertLints(Map.of("monitoring.prometheusRule.enabled", true));
        List<String> alerts = PrometheusRules.alerts(render("monitoring.prometheusRule.enabled", "true",
                "monitoring.prometheusRule.lagThreshold", "5000")).keySet().stream().toList();
        assertThat(alerts).contains("KelpAgentStalled", "KelpTransferLagGrowing", "KelpDeadLetters",
                "KelpLinesTruncated", "KelpLinesDamaged", "KelpCollectionNotReady");
        assertThat(PrometheusRules.alerts(render("monitoring.prometheusRule.enabled", "true",
                "monitoring.prometheusRule.lagThreshold", "5000")).get("KelpTransferLagGrowing")).contains("> 5000");
    }

    @Test
    void grafanaDashboardIsValidJsonInALabelledConfigMap() throws Exception {
        assertLints(Map.of("monitoring.grafanaDashboard.enabled", true));
        ConfigMap dashboard = render("monitoring.grafanaDashboard.enabled", "true")
                .named(ConfigMap.class, RELEASE + "-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("kelp.json"));
        assertThat(json.path("title").asText()).isEqualTo("Kelp");
        assertThat(json.path("panels")).hasSizeGreaterThan(10);
    }

    @Test
    void watchNamespacesBindTheOperatorRoleOnlyThere() {
        assertLints(Map.of("operator.watchNamespaces", List.of("team-a", "team-b")));
        RenderedChart chart = render("operator.watchNamespaces[0]", "team-a", "operator.watchNamespaces[1]", "team-b");
        assertThat(chart.find(ClusterRoleBinding.class, RELEASE + "-operator")).isEmpty();
        assertThat(chart.all(RoleBinding.class)).filteredOn(b -> b.getMetadata().getName().equals(RELEASE + "-operator"))
                .extracting(b -> b.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(envValue(chart.operatorContainer(), "QUARKUS_OPERATOR_SDK_CONTROLLERS_LOGCOLLECTION_NAMESPACES"))
                .isEqualTo("team-a,team-b");
        assertThat(render().operatorContainer().getEnv()).noneMatch(e -> e.getName().startsWith("QUARKUS_OPERATOR_SDK"));
    }

    @Test
    void withWatchNamespacesTheOperatorMayStillCreateEventsWhereTheRecorderWritesThem() {
        RenderedChart chart = render("operator.watchNamespaces[0]", "team-a");
        // kubernetes/EventRecorder: a LogCollection's events go to its namespace, a (cluster-scoped)
        // ClusterLogCollection's to "default".
        assertThat(operatorMay(chart, "create", "/events", "team-a")).isTrue();
        assertThat(operatorMay(chart, "create", "/events", "default")).isTrue();
        assertThat(operatorMay(chart, "create", "/events", "team-b")).isFalse();
        assertThat(operatorMay(render(), "create", "/events", "default")).isTrue();
    }

    @Test
    void severalOperatorReplicasWithoutLeaderElectionAreRefused() {
        // Refused by the template (template, install, upgrade). helm lint cannot show it: in lint
        // mode Helm's fail function only logs, so a lint of these values passes.
        assertThatThrownBy(() -> render("operator.replicas", "2", "operator.leaderElection.enabled", "false"))
                .hasMessageContaining("operator.replicas > 1 needs operator.leaderElection.enabled=true");
        assertThat(render("operator.replicas", "1", "operator.leaderElection.enabled", "false").operator()
                .getSpec().getReplicas()).isEqualTo(1);
        assertThat(render("operator.replicas", "2").operator().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void withoutLeaderElectionNoLeaseAccessIsGranted() {
        assertLints(Map.of("operator.leaderElection.enabled", false));
        RenderedChart chart = render("operator.leaderElection.enabled", "false");
        assertThat(chart.all(Role.class)).allSatisfy(role -> assertThat(role.getRules())
                .noneMatch(rule -> rule.getResources().contains("leases")));
        assertThat(envValue(chart.operatorContainer(), "KELP_OPERATOR_LEADER_ELECTION_ENABLED")).isEqualTo("false");
    }

    @Test
    void withoutManagedTransfersTheOperatorGetsNoDeploymentAccess() {
        assertLints(Map.of("transfer.manageDeployments", false));
        RenderedChart chart = render("transfer.manageDeployments", "false");
        assertThat(verbsByResource(chart.named(ClusterRole.class, RELEASE + "-operator").getRules()))
                .doesNotContainKey("apps/deployments");
        assertThat(envValue(chart.operatorContainer(), "KELP_OPERATOR_TRANSFER_MANAGE_DEPLOYMENTS")).isEqualTo("false");
    }

    @Test
    void transferImageCanBeSetApartFromTheOthers() {
        assertLints(Map.of("transfer.image", Map.of("repository", "registry.example/kelp/transfer", "tag", "1.2.3")));
        RenderedChart chart = render("transfer.image.repository", "registry.example/kelp/transfer",
                "transfer.image.tag", "1.2.3", "image.tag", "0.9.0");
        assertThat(envValue(chart.operatorContainer(), "KELP_OPERATOR_TRANSFER_IMAGE"))
                .isEqualTo("registry.example/kelp/transfer:1.2.3");
        assertThat(chart.agentContainer().getImage()).isEqualTo("ghcr.io/kelp-logs/kelp-agent:0.9.0");
    }

    @Test
    void dockerNodesGetTheContainersDirectoryReadOnly() {
        assertLints(Map.of("agent.docker.enabled", true));
        VolumeMount mount = mount(render("agent.docker.enabled", "true").agentContainer(), "docker-containers");
        assertThat(mount.getMountPath()).isEqualTo("/var/lib/docker/containers");
        assertThat(mount.getReadOnly()).isTrue();
    }

    @Test
    void extraHostPathsAreMountedReadOnlyAtTheSamePath() {
        assertLints(Map.of("agent.extraHostPaths", List.of("/var/log/nginx")));
        VolumeMount mount = mount(render("agent.extraHostPaths[0]", "/var/log/nginx").agentContainer(), "host-path-0");
        assertThat(mount.getMountPath()).isEqualTo("/var/log/nginx");
        assertThat(mount.getReadOnly()).isTrue();
    }

    @Test
    void kafkaSecurityReachesOperatorAndAgentFromValuesAndSecrets() {
        Map<String, Object> secretProperty = Map.of("property", "sasl.jaas.config", "secretName", "kafka-credentials",
                "secretKey", "sasl.jaas.config");
        assertLints(Map.of("kafka.clientProperties", Map.of("security.protocol", "SASL_SSL"),
                "kafka.clientSecretProperties", List.of(secretProperty)));
        RenderedChart chart = render("kafka.clientProperties.security\\.protocol", "SASL_SSL",
                "kafka.clientSecretProperties[0].property", "sasl.jaas.config",
                "kafka.clientSecretProperties[0].secretName", "kafka-credentials",
                "kafka.clientSecretProperties[0].secretKey", "sasl.jaas.config");
        assertThat(envValue(chart.agentContainer(), "KELP_KAFKA_PRODUCER__SECURITY_PROTOCOL__")).isEqualTo("SASL_SSL");
        assertThat(envValue(chart.operatorContainer(), "KELP_KAFKA_PROPERTIES__SECURITY_PROTOCOL__")).isEqualTo("SASL_SSL");
        for (EnvVar jaas : List.of(env(chart.agentContainer(), "KELP_KAFKA_PRODUCER__SASL_JAAS_CONFIG__"),
                env(chart.operatorContainer(), "KELP_KAFKA_PROPERTIES__SASL_JAAS_CONFIG__"))) {
            assertThat(jaas.getValue()).isNull();
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-credentials");
            assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
        }
    }

    @Test
    void etcdCredentialsAndCaComeFromSecretsForTheOperatorAndTheAgents() {
        assertLints(Map.of("etcd.auth.secretName", "etcd-credentials", "etcd.tls.caSecretName", "etcd-ca"));
        RenderedChart chart = render("etcd.endpoints", "https://etcd:2379", "etcd.auth.secretName", "etcd-credentials",
                "etcd.tls.caSecretName", "etcd-ca", "etcd.tls.caKey", "ca.pem");
        assertEtcdSecretsReach(chart.operatorContainer(), chart.operator().getSpec().getTemplate().getSpec());
        assertEtcdSecretsReach(chart.agentContainer(), chart.agent().getSpec().getTemplate().getSpec());
        RenderedChart anonymous = render();
        for (Container container : List.of(anonymous.operatorContainer(), anonymous.agentContainer())) {
            assertThat(container.getEnv()).extracting(EnvVar::getName)
                    .doesNotContain("KELP_ETCD_USER", "KELP_ETCD_PASSWORD", "KELP_ETCD_CA_FILE");
            assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName).doesNotContain("etcd-ca");
        }
    }

    private static void assertEtcdSecretsReach(Container container, PodSpec pod) {
        assertThat(env(container, "KELP_ETCD_USER").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("etcd-credentials");
        assertThat(env(container, "KELP_ETCD_USER").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("username");
        assertThat(env(container, "KELP_ETCD_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("etcd-credentials");
        assertThat(env(container, "KELP_ETCD_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(env(container, "KELP_ETCD_PASSWORD").getValue()).as("never a plain value").isNull();
        assertThat(envValue(container, "KELP_ETCD_CA_FILE")).isEqualTo("/etc/kelp/etcd-ca/ca.pem");
        VolumeMount ca = mount(container, "etcd-ca");
        assertThat(ca.getReadOnly()).isTrue();
        assertThat(envValue(container, "KELP_ETCD_CA_FILE")).startsWith(ca.getMountPath() + "/");
        assertThat(pod.getVolumes()).anyMatch(v -> v.getName().equals("etcd-ca")
                && v.getSecret().getSecretName().equals("etcd-ca")
                && v.getSecret().getItems().get(0).getKey().equals("ca.pem"));
    }

    @Test
    void elasticsearchBasicAuthOrApiKeyComesFromASecret() {
        assertLints(Map.of("elasticsearch.auth.secretName", "es-credentials"));
        Container basic = render("elasticsearch.auth.secretName", "es-credentials").operatorContainer();
        assertThat(env(basic, "KELP_ELASTICSEARCH_USERNAME").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("es-credentials");
        assertThat(env(basic, "KELP_ELASTICSEARCH_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("password");
        assertThat(basic.getEnv()).extracting(EnvVar::getName).doesNotContain("KELP_ELASTICSEARCH_API_KEY");
        assertLints(Map.of("elasticsearch.auth.secretName", "es-credentials", "elasticsearch.auth.apiKeyKey", "api-key"));
        Container apiKey = render("elasticsearch.auth.secretName", "es-credentials",
                "elasticsearch.auth.apiKeyKey", "api-key").operatorContainer();
        assertThat(env(apiKey, "KELP_ELASTICSEARCH_API_KEY").getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("api-key");
        assertThat(apiKey.getEnv()).extracting(EnvVar::getName)
                .doesNotContain("KELP_ELASTICSEARCH_USERNAME", "KELP_ELASTICSEARCH_PASSWORD");
    }

    @Test
    void pullSecretsAndReplicasReachThePods() {
        assertLints(Map.of("image.pullSecrets", List.of("registry-credentials"), "operator.replicas", 2));
        RenderedChart chart = render("image.pullSecrets[0]", "registry-credentials", "operator.replicas", "2");
        assertThat(chart.operator().getSpec().getReplicas()).isEqualTo(2);
        for (PodSpec pod : List.of(chart.operator().getSpec().getTemplate().getSpec(),
                chart.agent().getSpec().getTemplate().getSpec())) {
            assertThat(pod.getImagePullSecrets()).singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-credentials"));
        }
    }

    @Test
    void operatorTuningSwitchesReachTheirConfigKeys() {
        assertLints(Map.of("operator.serverSideApply", false, "operator.autoscale.excludePersistentLag", true));
        RenderedChart chart = render("operator.serverSideApply", "false",
                "operator.autoscale.excludePersistentLag", "true");
        assertThat(envValue(chart.operatorContainer(), "KELP_OPERATOR_SERVER_SIDE_APPLY")).isEqualTo("false");
        assertThat(envValue(chart.operatorContainer(), "KELP_OPERATOR_AUTOSCALE_EXCLUDE_PERSISTENT_LAG")).isEqualTo("true");
        assertThat(envValue(render().operatorContainer(), "KELP_OPERATOR_SERVER_SIDE_APPLY")).isEqualTo("true");
    }

    @Test
    void schedulingResourcesAndExtraEnvReachOperatorAndAgentPods() {
        Map<String, Object> pod = Map.of("nodeSelector", Map.of("pool", "infra"),
                "tolerations", List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "logs",
                        "effect", "NoSchedule")),
                "priorityClassName", "system-node-critical",
                "resources", Map.of("requests", Map.of("cpu", "50m", "memory", "64Mi"), "limits", Map.of("memory", "300Mi")),
                "extraEnv", List.of(Map.of("name", "KELP_EXTRA", "value", "1")));
        Map<String, Object> overrides = new HashMap<>();
        pod.forEach((key, value) -> {
            overrides.put("operator." + key, value);
            overrides.put("agent." + key, value);
        });
        assertLints(overrides);
        String[] sets = Stream.of("operator", "agent").flatMap(component -> Stream.of(
                        component + ".nodeSelector.pool", "infra",
                        component + ".tolerations[0].key", "dedicated",
                        component + ".tolerations[0].operator", "Equal",
                        component + ".tolerations[0].value", "logs",
                        component + ".tolerations[0].effect", "NoSchedule",
                        component + ".priorityClassName", "system-node-critical",
                        component + ".resources.requests.cpu", "50m",
                        component + ".resources.limits.memory", "300Mi",
                        component + ".extraEnv[0].name", "KELP_EXTRA",
                        component + ".extraEnv[0].value", "1"))
                .toArray(String[]::new);
        RenderedChart chart = render(sets);
        for (PodSpec spec : List.of(chart.operator().getSpec().getTemplate().getSpec(),
                chart.agent().getSpec().getTemplate().getSpec())) {
            assertThat(spec.getNodeSelector()).containsEntry("pool", "infra");
            assertThat(spec.getTolerations()).singleElement().satisfies(t -> {
                assertThat(t.getKey()).isEqualTo("dedicated");
                assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
            assertThat(spec.getPriorityClassName()).isEqualTo("system-node-critical");
            Container container = spec.getContainers().get(0);
            assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
            assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("300Mi");
            assertThat(envValue(container, "KELP_EXTRA")).isEqualTo("1");
        }
    }

    @Test
    void agentCheckpointsGoToTheConfiguredHostDirectory() {
        assertLints(Map.of("agent.checkpointHostPath", "/data/kelp", "agent.podLogRoot", "/data/pods"));
        RenderedChart chart = render("agent.checkpointHostPath", "/data/kelp", "agent.podLogRoot", "/data/pods");
        PodSpec spec = chart.agent().getSpec().getTemplate().getSpec();
        assertThat(spec.getVolumes()).anyMatch(v -> v.getName().equals("checkpoints")
                && v.getHostPath().getPath().equals("/data/kelp"));
        assertThat(spec.getVolumes()).anyMatch(v -> v.getName().equals("pod-logs")
                && v.getHostPath().getPath().equals("/data/pods"));
        VolumeMount logs = mount(chart.agentContainer(), "pod-logs");
        assertThat(logs.getMountPath()).isEqualTo("/data/pods");
        assertThat(logs.getReadOnly()).isTrue();
        assertThat(envValue(chart.agentContainer(), "KELP_AGENT_POD_LOG_ROOT")).isEqualTo("/data/pods");
    }

    private void assertLints(Map<String, Object> overrides) {
        LintResult result = LintedChartCopy.lintStrict(workDir, overrides);
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    /** Whether the operator's ServiceAccount may {@code verb} {@code group/resource} in {@code namespace}. */
    private static boolean operatorMay(RenderedChart chart, String verb, String groupResource, String namespace) {
        Stream<PolicyRule> clusterWide = chart.all(ClusterRoleBinding.class).stream()
                .filter(b -> isOperator(b.getSubjects()))
                .flatMap(b -> chart.named(ClusterRole.class, b.getRoleRef().getName()).getRules().stream());
        Stream<PolicyRule> inNamespace = chart.all(RoleBinding.class).stream()
                .filter(b -> namespace.equals(b.getMetadata().getNamespace()) && isOperator(b.getSubjects()))
                .flatMap(b -> b.getRoleRef().getKind().equals("Role")
                        ? chart.all(Role.class).stream()
                                .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName())
                                        && namespace.equals(r.getMetadata().getNamespace()))
                                .flatMap(r -> r.getRules().stream())
                        : chart.named(ClusterRole.class, b.getRoleRef().getName()).getRules().stream());
        return verbsByResource(Stream.concat(clusterWide, inNamespace).toList())
                .getOrDefault(groupResource, List.of()).contains(verb);
    }

    private static boolean isOperator(List<Subject> subjects) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
                && s.getName().equals(RELEASE + "-operator") && RenderedChart.NAMESPACE.equals(s.getNamespace()));
    }

    private static VolumeMount mount(Container container, String name) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> endpoints(GenericKubernetesResource monitor, String field) {
        return (List<Map<String, Object>>) ((Map<String, Object>) monitor.getAdditionalProperties().get("spec")).get(field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> matchLabels(GenericKubernetesResource monitor) {
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        return (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> namespaceSelector(GenericKubernetesResource monitor) {
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        return (Map<String, Object>) spec.get("namespaceSelector");
    }
}
