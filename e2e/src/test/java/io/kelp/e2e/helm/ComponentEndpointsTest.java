package io.kelp.e2e.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.kelp.e2e.helm.RenderedChart.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart probes /q/health/live and /q/health/ready and scrapes /q/metrics on port 8080: true
 * only while each component has the health and Prometheus extensions and moves none of them.
 */
class ComponentEndpointsTest {

    @ParameterizedTest
    @ValueSource(strings = {"operator", "agent-daemonset", "transfer"})
    void componentServesHealthAndMetricsWhereTheChartLooks(String module) throws IOException {
        Path root = REPOSITORY.resolve(module);
        assertThat(Files.readString(root.resolve("pom.xml")))
                .contains("<artifactId>quarkus-smallrye-health</artifactId>")
                .contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>");
        Path properties = root.resolve("src/main/resources/application.properties");
        String config = Files.exists(properties) ? Files.readString(properties) : "";
        assertThat(config).doesNotContain("quarkus.http.port", "quarkus.http.root-path",
                "quarkus.http.non-application-root-path", "quarkus.smallrye-health.root-path",
                "quarkus.smallrye-health.liveness-path", "quarkus.smallrye-health.readiness-path",
                "quarkus.micrometer.export.prometheus.path", "quarkus.management.enabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "withContainerPort(8080)", "withName(\"http\")"})
    void operatorGivesTransferPodsTheSameProbesAndPort(String expected) throws IOException {
        assertThat(Files.readString(REPOSITORY.resolve(
                "operator/src/main/java/io/kelp/operator/transfer/TransferDeployment.java"))).contains(expected);
    }
}
