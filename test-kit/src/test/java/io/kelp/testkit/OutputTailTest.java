package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTailTest {

    @Test
    void returnsOnlyTheLastLines(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("out.log"), "one\ntwo\nthree\nfour\n");

        assertThat(ManagedProcess.tail(log, 2)).isEqualTo("three\nfour\n");
    }

    @Test
    void namesAMissingFileInsteadOfThrowing(@TempDir Path dir) {
        assertThat(ManagedProcess.tail(dir.resolve("absent.log"), 5)).contains("cannot read").contains("absent.log");
    }
}
