package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstanceDirsTest {

    @Test
    void namesTheOwningJvmSoThatLeftoversOfDeadJvmsCanBeFound() {
        Path dir = InstanceDirs.create("unit");
        try {
            assertThat(dir.getFileName().toString()).startsWith("unit-" + ProcessHandle.current().pid() + "-");
            assertThat(InstanceDirs.ownerPid(dir)).isEqualTo(ProcessHandle.current().pid());
        } finally {
            InstanceDirs.deleteQuietly(dir);
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void readsTheOwnerPidAfterAKindWithDashes() {
        assertThat(InstanceDirs.ownerPid(Path.of("/tmp/kelp-test-kit/local-stack-4242-998877"))).isEqualTo(4242);
    }
}
