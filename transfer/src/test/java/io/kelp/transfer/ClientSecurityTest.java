package io.kelp.transfer;

import org.apache.http.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientSecurityTest {

    @Test
    void noCredentialsMeansNoAuthorizationHeader() {
        assertThat(ClientSecurity.NONE.elasticsearchHeaders()).isEmpty();
    }

    @Test
    void basicAuthFromUsernameAndPassword() {
        ClientSecurity security = new ClientSecurity(Map.of(), "elastic", "s3cret", null, null, null, null);
        Header header = security.elasticsearchHeaders()[0];
        assertThat(header.getName()).isEqualTo("Authorization");
        assertThat(header.getValue()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("elastic:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anApiKeyWinsOverBasicAuth() {
        ClientSecurity security = new ClientSecurity(Map.of(), "elastic", "s3cret", "aWQ6a2V5", null, null, null);
        assertThat(security.elasticsearchHeaders()).singleElement()
                .satisfies(h -> assertThat(h.getValue()).isEqualTo("ApiKey aWQ6a2V5"));
    }

    @Test
    void kafkaSecurityPropertiesAreAddedButCannotOverrideWhatTheTransferReliesOn() {
        ClientSecurity security = new ClientSecurity(Map.of("security.protocol", "SASL_SSL",
                "enable.auto.commit", "true"), null, null, null, null, null, null);

        Map<String, Object> merged = security.kafka(Map.of("enable.auto.commit", false, "bootstrap.servers", "k:9093"));

        assertThat(merged).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("bootstrap.servers", "k:9093");
    }

    @Test
    void describesItselfWithoutSecrets() {
        ClientSecurity security = new ClientSecurity(Map.of("sasl.jaas.config", "password=\"p\""), "elastic",
                "s3cret", null, "root", "etcd-pass", null);
        assertThat(security.toString()).doesNotContain("s3cret", "etcd-pass", "password=").contains("sasl.jaas.config");
    }
}
