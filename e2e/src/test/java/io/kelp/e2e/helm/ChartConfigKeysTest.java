package io.kelp.e2e.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kelp.e2e.helm.RenderedChart.REPOSITORY;
import static io.kelp.e2e.helm.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;

/** Every environment variable the chart sets names a key the component's code really reads. */
class ChartConfigKeysTest {

    static final ConfigKeys OPERATOR = ConfigKeys.of(REPOSITORY,
            "operator/src/main/java/io/kelp/operator/config/KelpConfig.java",
            "operator/src/main/resources/application.properties");
    static final ConfigKeys AGENT = ConfigKeys.of(REPOSITORY,
            "agent-daemonset/src/main/java/io/kelp/agent/app/KelpConfig.java",
            "agent-daemonset/src/main/resources/application.properties");
    static final ConfigKeys TRANSFER = ConfigKeys.of(REPOSITORY,
            "transfer/src/main/java/io/kelp/transfer/TransferConfig.java",
            "transfer/src/main/resources/application.properties");

    /** Every switch that adds environment variables, on at once. */
    private static final RenderedChart EVERYTHING = render(
            "operator.watchNamespaces[0]", "team-a",
            "kafka.clientProperties.security\\.protocol", "SASL_SSL",
            "kafka.clientSecretProperties[0].property", "sasl.jaas.config",
            "kafka.clientSecretProperties[0].secretName", "kafka-credentials",
            "kafka.clientSecretProperties[0].secretKey", "jaas",
            "etcd.auth.secretName", "etcd-credentials",
            "etcd.tls.caSecretName", "etcd-ca",
            "elasticsearch.auth.secretName", "es-credentials");
    private static final RenderedChart API_KEY = render(
            "elasticsearch.auth.secretName", "es-credentials", "elasticsearch.auth.apiKeyKey", "api-key");

    @Test
    void configKeysAreReadFromTheSourceTree() {
        assertThat(OPERATOR.keys()).contains("kelp.operator.leader-election.enabled",
                "kelp.operator.leader-election.lease-namespace", "kelp.operator.transfer.image", "kelp.etcd.endpoints");
        assertThat(AGENT.keys()).contains("kelp.agent.node-name", "kelp.kafka.producer.*", "kelp.agent.max-line-bytes");
        assertThat(TRANSFER.keys()).contains("kelp.transfer.collection", "kelp.elasticsearch.url");
        assertThat(AGENT.acceptsEnv("KELP_KAFKA_PRODUCER__LINGER_MS__")).isTrue();
        assertThat(AGENT.acceptsEnv("KELP_AGENT_NO_SUCH_KEY")).isFalse();
    }

    @Test
    void operatorEnvironmentNamesItsOwnKeys() {
        assertEveryEnvIsAKeyOf(EVERYTHING.operatorContainer(), OPERATOR);
        assertEveryEnvIsAKeyOf(API_KEY.operatorContainer(), OPERATOR);
        assertThat(EVERYTHING.operatorContainer().getEnv()).extracting(EnvVar::getName).contains(
                "KELP_KAFKA_PROPERTIES__SASL_JAAS_CONFIG__", "KELP_ETCD_USER", "KELP_ETCD_PASSWORD",
                "KELP_ETCD_CA_FILE", "KELP_ELASTICSEARCH_USERNAME", "KELP_ELASTICSEARCH_PASSWORD");
        assertThat(API_KEY.operatorContainer().getEnv()).extracting(EnvVar::getName)
                .contains("KELP_ELASTICSEARCH_API_KEY").doesNotContain("KELP_ELASTICSEARCH_PASSWORD");
    }

    @Test
    void agentEnvironmentNamesItsOwnKeys() {
        assertEveryEnvIsAKeyOf(EVERYTHING.agentContainer(), AGENT);
        assertThat(EVERYTHING.agentContainer().getEnv()).extracting(EnvVar::getName).contains(
                "KELP_KAFKA_PRODUCER__SASL_JAAS_CONFIG__", "KELP_ETCD_USER", "KELP_ETCD_PASSWORD", "KELP_ETCD_CA_FILE");
    }

    @Test
    void theOperatorGivesTransferPodsOnlyTransferKeys() throws Exception {
        String source = Files.readString(REPOSITORY.resolve(
                "operator/src/main/java/io/kelp/operator/transfer/TransferDeployment.java"));
        Matcher env = Pattern.compile("new EnvVar\\(\"([A-Z_]+)\"").matcher(source);
        List<String> names = env.results().map(m -> m.group(1)).toList();
        assertThat(names).isNotEmpty().allSatisfy(name ->
                assertThat(TRANSFER.acceptsEnv(name)).as(name + " is a transfer key").isTrue());
    }

    @Test
    void theCredentialsTheOperatorPassesToTransferPodsAreTransferKeys() throws Exception {
        String source = Files.readString(REPOSITORY.resolve(
                "operator/src/main/java/io/kelp/operator/transfer/TransferCredentials.java"));
        List<String> names = Pattern.compile("\"(KELP_[A-Z_]+)\"").matcher(source).results()
                .map(m -> m.group(1))
                // A map key's prefix: complete it with a property, as TransferCredentials does.
                .map(name -> name.endsWith("__") ? name + "SASL_JAAS_CONFIG__" : name)
                .toList();
        assertThat(names).contains("KELP_ELASTICSEARCH_PASSWORD", "KELP_ETCD_CA_FILE",
                "KELP_KAFKA_PROPERTIES__SASL_JAAS_CONFIG__").allSatisfy(name ->
                assertThat(TRANSFER.acceptsEnv(name)).as(name + " is a transfer key").isTrue());
    }

    private static void assertEveryEnvIsAKeyOf(Container container, ConfigKeys keys) {
        List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(keys.acceptsEnv(name))
                .as("%s of %s sets a key in %s", name, container.getName(), keys.keys()).isTrue());
    }
}
