package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanGuardIT {

    @Test
    void reapsAGroupWhoseOwnerJvmIsGone(@TempDir Path pidDir) throws Exception {
        Process orphan = new ProcessBuilder("setsid", "sleep", "300").start();
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        Path pidFile = pidDir.resolve(orphan.pid() + ".pid");
        Files.writeString(pidFile, OrphanGuard.pidLine(orphan.toHandle(), deadOwner.toHandle()));

        OrphanGuard.reapOrphans(pidDir);

        assertThat(orphan.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void leavesTheGroupsOfLiveJvmsAlone(@TempDir Path pidDir) throws Exception {
        ManagedProcess child = ManagedProcess.command("owned-by-live-jvm", List.of("sleep", "300")).start();
        try {
            Path pidFile = pidDir.resolve(child.pid() + ".pid");
            Files.writeString(pidFile, OrphanGuard.pidLine(ProcessHandle.of(child.pid()).orElseThrow(),
                    ProcessHandle.current()));

            OrphanGuard.reapOrphans(pidDir);

            assertThat(child.isAlive()).isTrue();
            assertThat(pidFile).exists();
        } finally {
            child.stop(Duration.ofSeconds(5));
        }
    }
}
