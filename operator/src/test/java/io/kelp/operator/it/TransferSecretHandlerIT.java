package io.kelp.operator.it;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.operator.transfer.TransferCredentials;
import io.kelp.operator.transfer.TransferSecret;
import io.kelp.operator.transfer.TransferSecretHandler;
import io.kelp.testkit.KelpServers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The transfers' credential Secret on the mock API: written once, rewritten only when a credential changes. */
class TransferSecretHandlerIT {

    private static final CollectionRef WEB = new CollectionRef("it-secrets", "web");

    private final TransferSecretHandler handler = new TransferSecretHandler(KelpServers.kubernetes().client());

    @Test
    void unchangedCredentialsAreNotRewrittenAndARotatedOneIs() throws Exception {
        TransferCredentials credentials = new TransferCredentials(Map.of("security.protocol", "SASL_SSL"),
                "elastic", "first", null, null, null, null);

        assertThat(handler.ensure(TransferSecret.of(WEB, "it-secrets", owner(), credentials))).isTrue();
        String version = stored().getMetadata().getResourceVersion();
        assertThat(handler.ensure(TransferSecret.of(WEB, "it-secrets", owner(), credentials))).isFalse();
        assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);

        TransferCredentials rotated = new TransferCredentials(Map.of("security.protocol", "SASL_SSL"),
                "elastic", "second", null, null, null, null);
        assertThat(handler.ensure(TransferSecret.of(WEB, "it-secrets", owner(), rotated))).isTrue();
        assertThat(value(stored(), "elasticsearch.password")).isEqualTo("second");

        assertThat(handler.delete("it-secrets", "kelp-transfer-web")).isTrue();
        assertThat(stored()).isNull();
    }

    private static Secret stored() {
        return KelpServers.kubernetes().client().secrets().inNamespace("it-secrets").withName("kelp-transfer-web").get();
    }

    /** The value as a real API server (data, base64) or the mock (stringData as written) returns it. */
    private static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData().get(key);
    }

    private static LogCollection owner() {
        LogCollection owner = new LogCollection();
        owner.setMetadata(new ObjectMetaBuilder().withNamespace("it-secrets").withName("web").withUid("uid-s").build());
        return owner;
    }
}
