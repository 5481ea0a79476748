package io.kelp.operator.transfer;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connection secrets the operator itself was given (Kafka client properties, Elasticsearch and
 * etcd credentials, the etcd CA), handed on to the transfer pods. The pods live in the collection's
 * namespace, where the operator's own Secrets cannot be referenced, so the operator writes them into
 * one Secret next to each transfer Deployment ({@link #secretData()}), and the pods take each value
 * from it with a {@code secretKeyRef} ({@link #env}): no credential is ever inline in a Deployment.
 * Every Kafka property goes through the Secret: the operator cannot tell a password from a protocol
 * name, and the transfer needs both.
 *
 * @param kafkaProperties      {@code kelp.kafka.properties.*} (security.protocol, sasl.*, ssl.*)
 * @param elasticsearchUsername basic-auth user, or null
 * @param elasticsearchPassword basic-auth password, or null
 * @param elasticsearchApiKey  API key, or null
 * @param etcdUser             etcd user, or null
 * @param etcdPassword         etcd password, or null
 * @param etcdCa               PEM of the CA that signed etcd's certificate, or null
 */
public record TransferCredentials(Map<String, String> kafkaProperties, String elasticsearchUsername,
                                  String elasticsearchPassword, String elasticsearchApiKey, String etcdUser,
                                  String etcdPassword, String etcdCa) {

    public static final TransferCredentials NONE = new TransferCredentials(Map.of(), null, null, null, null, null, null);

    /** Where the etcd CA is mounted in transfer pods. */
    static final String ETCD_CA_DIR = "/etc/kelp/etcd-ca";
    static final String ETCD_CA_KEY = "etcd-ca.crt";
    private static final String KAFKA_KEY_PREFIX = "kafka.";
    /** Secret key to the transfer's environment variable (its configuration key). */
    private static final Map<String, String> ENV_OF_KEY = Map.of(
            "elasticsearch.username", "KELP_ELASTICSEARCH_USERNAME",
            "elasticsearch.password", "KELP_ELASTICSEARCH_PASSWORD",
            "elasticsearch.api-key", "KELP_ELASTICSEARCH_API_KEY",
            "etcd.user", "KELP_ETCD_USER",
            "etcd.password", "KELP_ETCD_PASSWORD");

    public TransferCredentials {
        kafkaProperties = kafkaProperties == null ? Map.of() : Map.copyOf(kafkaProperties);
    }

    public boolean isEmpty() {
        return secretData().isEmpty();
    }

    /** The Secret's data (as text), keyed so that a key names what it holds. */
    public Map<String, String> secretData() {
        Map<String, String> data = new TreeMap<>();
        kafkaProperties.forEach((property, value) -> data.put(KAFKA_KEY_PREFIX + property, value));
        putIfSet(data, "elasticsearch.username", elasticsearchUsername);
        putIfSet(data, "elasticsearch.password", elasticsearchPassword);
        putIfSet(data, "elasticsearch.api-key", elasticsearchApiKey);
        putIfSet(data, "etcd.user", etcdUser);
        putIfSet(data, "etcd.password", etcdPassword);
        putIfSet(data, ETCD_CA_KEY, etcdCa);
        return data;
    }

    /** The transfer's configuration keys, each taken from {@code secretName} (none for what is unset). */
    List<EnvVar> env(String secretName) {
        List<EnvVar> env = new ArrayList<>();
        secretData().keySet().forEach(key -> {
            if (key.startsWith(KAFKA_KEY_PREFIX)) {
                env.add(new EnvVar(kafkaPropertyEnv(key.substring(KAFKA_KEY_PREFIX.length())), null,
                        fromSecret(secretName, key)));
            } else if (key.equals(ETCD_CA_KEY)) {
                env.add(new EnvVar("KELP_ETCD_CA_FILE", ETCD_CA_DIR + "/" + ETCD_CA_KEY, null)); // a mounted file
            } else {
                env.add(new EnvVar(ENV_OF_KEY.get(key), null, fromSecret(secretName, key)));
            }
        });
        return env;
    }

    /**
     * A hash of the data, put on the pod template: rotating a credential changes it, so the
     * Deployment rolls its pods onto the new values (environment variables are read at start only).
     */
    String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            secretData().forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SmallRye Config's environment name of {@code kelp.kafka.properties."<property>"}: the quotes
     * become {@code __}, every other non-alphanumeric character {@code _}.
     */
    static String kafkaPropertyEnv(String property) {
        return "KELP_KAFKA_PROPERTIES__" + property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "__";
    }

    private static EnvVarSource fromSecret(String secretName, String key) {
        return new EnvVarSourceBuilder().withNewSecretKeyRef().withName(secretName).withKey(key).endSecretKeyRef().build();
    }

    private static void putIfSet(Map<String, String> data, String key, String value) {
        if (value != null && !value.isEmpty()) {
            data.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "TransferCredentials" + secretData().keySet(); // never the values
    }
}
