package io.kelp.transfer.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's figures describe the image only while both run the transfer with the same JVM
 * options: the benchmark reads them from the Dockerfile, and must keep finding them there.
 */
class ImageJvmOptionsTest {

    @Test
    void benchmarkRunsTheTransferWithTheJavaOptsOfTheImage() {
        String options = TransferBenchmark.imageJvmOptions(Path.of("../images/transfer/Dockerfile"));

        assertThat(options).startsWith("-XX:+UseSerialGC").contains("-Xmx160m", "-XX:CompileThresholdScaling=10");
    }
}
