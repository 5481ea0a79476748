package io.kelp.e2e.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kelp.e2e.Pipeline;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lints and renders the chart in-process (helm-java) and checks what the manifests promise. */
class HelmChartTest {

    private static final Path CHART = Pipeline.findRepositoryRoot().resolve("helm/kelp");

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void agentMountsPodLogsReadOnlyAndRunsWithoutPrivilegeEscalation() {
        DaemonSet agent = only(render(), DaemonSet.class);
        PodSpec pod = agent.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        VolumeMount podLogs = container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("pod-logs")).findFirst().orElseThrow();
        assertThat(podLogs.getReadOnly()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("KELP_AGENT_NODE_NAME")
                && e.getValueFrom().getFieldRef().getFieldPath().equals("spec.nodeName"));
    }

    @Test
    void agentMayOnlyReadPods() {
        ClusterRole role = render().stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().endsWith("-agent")).findFirst().orElseThrow();
        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
    }

    @Test
    void operatorGetsEndpointsFromValues() {
        List<HasMetadata> objects = render("kafka.bootstrapServers", "kafka.example:9093");
        Deployment operator = only(objects, Deployment.class);
        assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> e.getName().equals("KELP_KAFKA_BOOTSTRAP_SERVERS")
                        && e.getValue().equals("kafka.example:9093"));
        assertThat(operator.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    private static List<HasMetadata> render(String... keyValues) {
        var template = new Helm(CHART).template().withName("kelp").withNamespace("kelp-system")
                .withKubeVersion("1.30.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            template.set(keyValues[i], keyValues[i + 1]);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : template.call().split("(?m)^---\\s*$")) {
            if (document.contains("kind:")) {
                objects.add(Serialization.unmarshal(document));
            }
        }
        return objects;
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
