package io.kelp.e2e.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.kelp.e2e.helm.RenderedChart.REPOSITORY;
import static io.kelp.e2e.helm.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfiles cannot be built here (no Docker engine), so what can be checked by reading them is:
 * they package the module the chart runs under that image name, expose the port the chart probes,
 * and run as the user the chart's securityContext expects.
 */
class ImagesTest {

    private static final RenderedChart DEFAULTS = render();

    @ParameterizedTest(name = "kelp-{0} from {1}")
    @CsvSource({"operator, operator", "agent, agent-daemonset", "transfer, transfer"})
    void dockerfilePackagesItsModuleWithTheChartsImageNamePortAndUser(String component, String module)
            throws IOException {
        String dockerfile = Files.readString(REPOSITORY.resolve("images/" + component + "/Dockerfile"));
        assertThat(REPOSITORY.resolve(module).resolve("pom.xml")).isRegularFile();
        assertThat(Files.readString(REPOSITORY.resolve(module).resolve("pom.xml"))).contains("quarkus-maven-plugin");
        assertThat(dockerfile).contains("COPY " + module + "/target/quarkus-app/")
                .contains("-pl " + module + " ")
                .contains("ENTRYPOINT").contains("quarkus-run.jar");
        // The build line in the Dockerfile tags the image the chart pulls by default.
        String image = component.equals("transfer")
                ? HelmChartTest.envValue(DEFAULTS.operatorContainer(), "KELP_OPERATOR_TRANSFER_IMAGE")
                : (component.equals("agent") ? DEFAULTS.agentContainer() : DEFAULTS.operatorContainer()).getImage();
        assertThat(dockerfile).contains("-t " + image + " ");
        assertThat(single(dockerfile, "(?m)^EXPOSE (\\d+)$")).isEqualTo("8080");
        assertThat(DEFAULTS.operatorContainer().getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(single(dockerfile, "(?m)^USER (\\d+)$")).isEqualTo("10001");
        if (component.equals("operator")) {
            assertThat(DEFAULTS.operator().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                    .isEqualTo(10001L);
        }
        // The chart's root filesystems are read-only: the JVM's temporary files go to a /tmp volume.
        assertThat(dockerfile).contains("-Djava.io.tmpdir=/tmp");
    }

    @ParameterizedTest
    @CsvSource({"README.md, no Docker engine", "README.md, images/README.md", "images/README.md, docker build"})
    void docsSayTheImagesAreNotBuiltHereAndHowToBuildThem(String file, String expected) throws IOException {
        assertThat(Files.readString(REPOSITORY.resolve(file))).contains(expected);
    }

    private static String single(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        String value = matcher.group(1);
        assertThat(matcher.find()).as("only one " + regex).isFalse();
        return value;
    }
}
