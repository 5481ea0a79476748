package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDirTest {

    @TempDir
    Path state;

    @Test
    void keptDirOfAStartedServerSurvivesReleaseAndIsFoundByTheNextRun() {
        ServerDir first = ServerDir.kept(state, "etcd");
        first.markStarted();
        first.release();

        ServerDir next = ServerDir.kept(state, "etcd");
        assertThat(next.path()).isEqualTo(first.path());
        assertThat(next.startedBefore()).isTrue();
    }

    @Test
    void keptDirWhoseServerNeverStartedIsWipedSoNoServerFindsHalfFormattedData() throws Exception {
        ServerDir failed = ServerDir.kept(state, "kafka");
        Files.writeString(failed.path().resolve("meta.properties"), "half");

        ServerDir next = ServerDir.kept(state, "kafka");
        assertThat(next.startedBefore()).isFalse();
        assertThat(next.path().resolve("meta.properties")).doesNotExist();
    }

    @Test
    void keptDirOfAStartedServerHandsOutTheSamePortAgainWhileItIsFree() {
        ServerDir started = ServerDir.kept(state, "etcd");
        int port = started.port("client");
        started.markStarted();
        assertThat(ServerDir.kept(state, "etcd").port("client")).isEqualTo(port);
        assertThat(ServerDir.kept(state, "etcd").port("peer")).isNotEqualTo(port);
    }

    @Test
    void keptDirPicksANewPortWhenTheRememberedOneIsTaken() throws Exception {
        ServerDir dir = ServerDir.kept(state, "elasticsearch");
        int port = dir.port("http");
        try (var taken = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(dir.port("http")).isNotEqualTo(port);
        }
    }

    @Test
    void temporaryDirIsDeletedOnReleaseEvenAfterItsServerStarted() {
        ServerDir dir = ServerDir.temporary("etcd");
        dir.markStarted();
        dir.release();
        assertThat(dir.path()).doesNotExist();
    }
}
