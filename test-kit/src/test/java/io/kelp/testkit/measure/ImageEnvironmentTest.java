package io.kelp.testkit.measure;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmarks' figures describe the images only while both run the apps alike: the benchmarks
 * read JVM options and environment from the Dockerfiles, and must keep finding them there.
 */
class ImageEnvironmentTest {

    @Test
    void readsQuotedAndPlainValuesOfEveryEnvLine() {
        ImageEnvironment image = ImageEnvironment.parse("""
                FROM eclipse-temurin:17-jre
                # ENV NOT_THIS=1
                ENV MALLOC_ARENA_MAX=2 OTHER="a b"
                ENV JAVA_OPTS="-Xmx64m -XX:+UseSerialGC"
                ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar app.jar"]
                """);

        assertThat(image.javaOptions()).isEqualTo("-Xmx64m -XX:+UseSerialGC");
        assertThat(image.processEnvironment()).isEqualTo(Map.of("MALLOC_ARENA_MAX", "2", "OTHER", "a b"));
    }

    @Test
    void aDockerfileWithoutJavaOptsIsAnError() {
        assertThatThrownBy(() -> ImageEnvironment.parse("FROM scratch\nENV A=1\n").javaOptions())
                .hasMessageContaining("JAVA_OPTS");
    }

    @Test
    void findsTheJavaOptsOfTheTransferAndAgentImages() {
        assertThat(ImageEnvironment.of(Path.of("../images/transfer/Dockerfile")).javaOptions())
                .startsWith("-XX:+UseSerialGC").contains("-Xmx160m", "-XX:CompileThresholdScaling=10");
        ImageEnvironment agent = ImageEnvironment.of(Path.of("../images/agent/Dockerfile"));
        assertThat(agent.javaOptions()).contains("-XX:+UseSerialGC", "-Xmx64m", "-XX:CompileThresholdScaling=10");
        assertThat(agent.processEnvironment()).containsEntry("MALLOC_ARENA_MAX", "2");
    }
}
