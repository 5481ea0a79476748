package io.kelp.agent.discovery;

import io.kelp.contract.CollectionTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodLogScannerTest {

    @TempDir
    Path root;

    private Path log(String podDir, String container, String file) throws Exception {
        Path dir = Files.createDirectories(root.resolve(podDir).resolve(container));
        return Files.writeString(dir.resolve(file), "");
    }

    @Test
    void findsContainerLogsWithTheCoordinatesTheirPathEncodes() throws Exception {
        Path current = log("shop_web-1_1234-abcd", "nginx", "0.log");
        Path rotated = log("shop_web-1_1234-abcd", "nginx", "0.log.20240501-100000");
        log("shop_web-1_1234-abcd", "nginx", "0.log.20240501-090000.gz");
        log("not-a-pod-dir", "c", "0.log");
        log("a_b_c_d", "c", "0.log");
        assertThat(new PodLogScanner(root).scan()).containsExactlyInAnyOrder(
                new PodLogFile(current, "shop", "web-1", "1234-abcd", "nginx", false),
                new PodLogFile(rotated, "shop", "web-1", "1234-abcd", "nginx", true));
    }

    @Test
    void missingRootMeansNoFiles() {
        assertThat(new PodLogScanner(root.resolve("absent")).scan()).isEmpty();
    }

    @Test
    void selectionUsesNamespaceLabelsAndContainer() {
        CollectionTask.Source source = CollectionTask.Source.of(List.of("shop"), Map.of("app", "web"), List.of("nginx"));
        assertThat(source.selects("shop", Map.of("app", "web", "tier", "front"), "nginx")).isTrue();
        assertThat(source.selects("shop", Map.of("app", "api"), "nginx")).isFalse();
        assertThat(source.selects("shop", Map.of(), "nginx")).isFalse();
        assertThat(source.selects("other", Map.of("app", "web"), "nginx")).isFalse();
        assertThat(source.selects("shop", Map.of("app", "web"), "sidecar")).isFalse();
    }
}
