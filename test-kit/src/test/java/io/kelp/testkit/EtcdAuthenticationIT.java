package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A dedicated etcd with authentication on (the shared one stays anonymous). */
class EtcdAuthenticationIT {

    private static EtcdServer etcd;

    @BeforeAll
    static void launch() {
        etcd = EtcdServer.launchWithAuthentication("root-secret");
        etcd.addUser("writer", "writer-secret", "/allowed/");
    }

    @AfterAll
    static void close() {
        etcd.close();
    }

    @Test
    void rootClientReadsAndWrites() throws Exception {
        etcd.client().getKVClient().put(bytes("/any/key"), bytes("v")).get(10, TimeUnit.SECONDS);
        assertThat(etcd.client().getKVClient().get(bytes("/any/key")).get(10, TimeUnit.SECONDS).getKvs()).hasSize(1);
    }

    @Test
    void anonymousAndWrongPasswordRequestsAreRefused() {
        try (Client anonymous = Client.builder().endpoints(etcd.endpoint()).build();
             Client wrong = Client.builder().endpoints(etcd.endpoint()).user(bytes("writer"))
                     .password(bytes("guess")).build()) {
            assertThatThrownBy(() -> anonymous.getKVClient().get(bytes("/any/key")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("user name is empty");
            assertThatThrownBy(() -> wrong.getKVClient().get(bytes("/allowed/key")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("UNAUTHENTICATED")
                    .hasStackTraceContaining("authentication failed, invalid user ID or password");
        }
    }

    @Test
    void aUserMayWriteOnlyUnderItsPrefixes() throws Exception {
        try (Client writer = Client.builder().endpoints(etcd.endpoint()).user(bytes("writer"))
                .password(bytes("writer-secret")).build()) {
            writer.getKVClient().put(bytes("/allowed/key"), bytes("v")).get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> writer.getKVClient().put(bytes("/other/key"), bytes("v")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void aTlsServerServesClientsThatTrustItsCa() throws Exception {
        try (EtcdServer tls = EtcdServer.launchWithTlsAndAuthentication("root-secret")) {
            assertThat(tls.endpoint()).startsWith("https://127.0.0.1:");
            assertThat(tls.caFile()).content().startsWith("-----BEGIN CERTIFICATE-----");
            tls.client().getKVClient().put(bytes("/tls/key"), bytes("v")).get(10, TimeUnit.SECONDS);
            assertThat(tls.client().getKVClient().get(bytes("/tls/key")).get(10, TimeUnit.SECONDS).getKvs()).hasSize(1);
        }
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
