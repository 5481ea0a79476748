package io.kelp.transfer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The transfer's configuration (docs/architecture.md); every key can be set by -D or env var. */
@ConfigMapping(prefix = "kelp")
public interface TransferConfig {

    Transfer transfer();

    Kafka kafka();

    Elasticsearch elasticsearch();

    Etcd etcd();

    interface Transfer {
        /** {@code <namespace>/<name>} of the collection this pod serves. */
        String collection();

        /**
         * The topic, when the pod's configuration fixes the sink instead of etcd; needs
         * {@link #indexPrefix()} too, and then etcd is not used.
         */
        Optional<String> topic();

        /** The index prefix of a sink fixed by the pod's configuration (see {@link #topic()}). */
        Optional<String> indexPrefix();

        Bulk bulk();

        /** How long shutdown waits for in-flight bulks before abandoning them (uncommitted). */
        @WithDefault("20s")
        Duration shutdownTimeout();

        /** How long a revoke waits for in-flight bulks of the revoked partitions. */
        @WithDefault("15s")
        Duration revokeTimeout();

        @WithDefault("1s")
        Duration commitInterval();

        @WithDefault("100ms")
        Duration backoffInitial();

        /** The longest retry delay; bounds how late a recovered Elasticsearch is noticed. */
        @WithDefault("2s")
        Duration backoffMax();
    }

    interface Bulk {
        @WithDefault("5242880")
        int maxBytes();

        @WithDefault("5000")
        int maxDocuments();

        @WithDefault("200ms")
        Duration linger();

        /** Bulk requests in flight at once. */
        @WithDefault("2")
        int concurrency();

        /** Above this many document bytes in flight the consumer pauses its partitions. */
        @WithDefault("67108864")
        long maxInFlightBytes();
    }

    // Credentials come from a Secret through environment variables (the operator maps them,
    // e.g. KELP_ELASTICSEARCH_PASSWORD from a secretKeyRef), never from the Deployment itself.

    interface Kafka {
        String bootstrapServers();

        /**
         * Extra Kafka client properties (consumer, dead-letter producer, admin), e.g.
         * {@code kelp.kafka.properties."security.protocol"=SASL_SSL}, {@code sasl.jaas.config}.
         */
        Map<String, String> properties();
    }

    interface Elasticsearch {
        /** Comma-separated URLs. */
        String url();

        /** Basic-auth user; unset: no authentication. */
        Optional<String> username();

        Optional<String> password();

        /** An API key (base64 id:key), used instead of basic auth when set. */
        Optional<String> apiKey();
    }

    interface Etcd {
        /** Comma-separated URLs; not needed when the sink is fixed by configuration. */
        Optional<String> endpoints();

        /** etcd user for authentication; unset: no authentication. */
        Optional<String> user();

        Optional<String> password();

        /** PEM file of the CA that signed etcd's server certificate. */
        Optional<String> caFile();
    }
}
