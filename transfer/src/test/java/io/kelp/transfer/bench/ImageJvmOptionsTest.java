package io.kelp.transfer.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's figures describe the image only while both run the transfer with the same JVM options. */
class ImageJvmOptionsTest {

    @Test
    void imageRunsTheTransferWithTheBenchmarkedJvmOptions() throws Exception {
        String dockerfile = Files.readString(Path.of("../images/transfer/Dockerfile"));
        assertThat(dockerfile).contains("ENV JAVA_OPTS=\"" + TransferBenchmark.IMAGE_JVM_OPTIONS + " ");
    }
}
