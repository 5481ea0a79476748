package io.kelp.agent.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HostFileScannerTest {

    @TempDir
    Path dir;

    @Test
    void expandsStarsAndDoubleStarsBelowTheFixedPrefix() throws Exception {
        Path app = Files.writeString(Files.createDirectories(dir.resolve("app")).resolve("a.log"), "");
        Files.writeString(dir.resolve("app").resolve("a.txt"), "");
        Path deep = Files.writeString(Files.createDirectories(dir.resolve("app/x/y")).resolve("b.log"), "");
        assertThat(HostFileScanner.expand(dir + "/app/*.log")).containsExactly(app);
        assertThat(HostFileScanner.expand(dir + "/**/*.log")).containsExactlyInAnyOrder(app, deep);
        assertThat(HostFileScanner.expand(dir + "/app/a.log")).containsExactly(app);
        assertThat(HostFileScanner.expand(dir + "/missing/*.log")).isEmpty();
    }
}
