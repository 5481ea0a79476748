package io.kelp.transfer;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import org.apache.http.Header;
import org.apache.http.message.BasicHeader;

import javax.net.ssl.SSLException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Credentials and TLS settings of the transfer's three clients: {@code kelp.kafka.properties.*}
 * (security.protocol, sasl.*, ssl.*), {@code kelp.elasticsearch.username/password/api-key},
 * {@code kelp.etcd.user/password/ca-file}. In a cluster the operator passes them from a Secret
 * beside the transfer Deployment, the same values the operator itself was given.
 *
 * @param kafkaProperties       extra Kafka client properties for the consumer, the dead-letter producer and admin
 * @param elasticsearchUsername basic-auth user, or null
 * @param elasticsearchPassword basic-auth password, or null
 * @param elasticsearchApiKey   API key (base64 id:key), used instead of basic auth when set, or null
 * @param etcdUser              etcd user, or null for no authentication
 * @param etcdPassword          etcd password, or null
 * @param etcdCaFile            PEM file of the CA that signed etcd's certificate, or null
 */
public record ClientSecurity(Map<String, String> kafkaProperties, String elasticsearchUsername,
                             String elasticsearchPassword, String elasticsearchApiKey, String etcdUser,
                             String etcdPassword, String etcdCaFile) {

    public static final ClientSecurity NONE = new ClientSecurity(Map.of(), null, null, null, null, null, null);

    public ClientSecurity {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
    }

    /**
     * Kafka client properties: the given security properties, then Kelp's own on top, so a
     * property meant for TLS or SASL can never switch off what the transfer relies on (group,
     * offsets, serialisers).
     */
    Map<String, Object> kafka(Map<String, Object> kelpProperties) {
        Map<String, Object> properties = new HashMap<>(kafkaProperties);
        properties.putAll(kelpProperties);
        return properties;
    }

    /** The Authorization header of every Elasticsearch request (none without credentials). */
    public Header[] elasticsearchHeaders() {
        if (elasticsearchApiKey != null && !elasticsearchApiKey.isEmpty()) {
            return new Header[] {new BasicHeader("Authorization", "ApiKey " + elasticsearchApiKey)};
        }
        if (elasticsearchUsername != null && !elasticsearchUsername.isEmpty()) {
            String basic = Base64.getEncoder().encodeToString((elasticsearchUsername + ":"
                    + (elasticsearchPassword == null ? "" : elasticsearchPassword)).getBytes(StandardCharsets.UTF_8));
            return new Header[] {new BasicHeader("Authorization", "Basic " + basic)};
        }
        return new Header[0];
    }

    /** Adds authentication and the CA to an etcd client builder. */
    ClientBuilder etcd(ClientBuilder builder) {
        if (etcdUser != null && !etcdUser.isEmpty()) {
            builder.user(ByteSequence.from(etcdUser, StandardCharsets.UTF_8))
                    .password(ByteSequence.from(etcdPassword == null ? "" : etcdPassword, StandardCharsets.UTF_8));
        }
        if (etcdCaFile != null && !etcdCaFile.isEmpty()) {
            try {
                builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(etcdCaFile)).build());
            } catch (SSLException e) {
                throw new IllegalStateException("cannot load etcd CA " + etcdCaFile, e);
            }
        }
        return builder;
    }

    @Override
    public String toString() {
        return "ClientSecurity[kafka " + kafkaProperties.keySet() + ", elasticsearch "
                + (elasticsearchHeaders().length > 0 ? "authenticated" : "anonymous") + ", etcd "
                + (etcdUser == null ? "anonymous" : "user " + etcdUser) + (etcdCaFile == null ? "" : ", CA " + etcdCaFile) + "]";
    }
}
