package io.kelp.agent.tail;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RotatedNamesTest {

    @Test
    void aRotatedFileIsNamedAfterItsLiveFile() {
        Path dir = Path.of("/var/log/pods/shop_web-1_uid/nginx");
        assertThat(RotatedNames.livePath(dir.resolve("0.log.20240501-100000"))).isEqualTo(dir.resolve("0.log"));
        assertThat(RotatedNames.livePath(dir.resolve("0.log.000003"))).isEqualTo(dir.resolve("0.log"));
        assertThat(RotatedNames.livePath(Path.of("/var/log/app.log.1"))).isEqualTo(Path.of("/var/log/app.log"));
    }

    @Test
    void aLiveFileIsItsOwnLivePath() {
        assertThat(RotatedNames.livePath(Path.of("/var/log/pods/a_b_c/app/0.log"))).isEqualTo(Path.of("/var/log/pods/a_b_c/app/0.log"));
    }
}
