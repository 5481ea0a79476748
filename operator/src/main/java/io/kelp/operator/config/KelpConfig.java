package io.kelp.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operator's settings; every one can be given as {@code -Dkelp...} or {@code KELP_...}. */
@ConfigMapping(prefix = "kelp")
public interface KelpConfig {

    Etcd etcd();

    Kafka kafka();

    Elasticsearch elasticsearch();

    Operator operator();

    // Credentials come from Kubernetes Secrets through environment variables (the chart maps them,
    // e.g. KELP_ETCD_PASSWORD from a secretKeyRef), never from the ConfigMap.

    interface Etcd {
        /** etcd URLs, e.g. {@code http://127.0.0.1:2379}; {@code https://} with a CA below for TLS. */
        @WithDefault("http://127.0.0.1:2379")
        List<String> endpoints();

        /** etcd user for authentication; unset: no authentication. */
        Optional<String> user();

        Optional<String> password();

        /** PEM file of the CA that signed etcd's server certificate. */
        Optional<String> caFile();
    }

    interface Kafka {
        /** Kafka bootstrap servers, {@code host:port,...}. */
        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        /**
         * Extra Kafka client properties, e.g. {@code kelp.kafka.properties."security.protocol"=SASL_SSL},
         * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location}.
         */
        Map<String, String> properties();
    }

    interface Elasticsearch {
        /** Elasticsearch URLs, e.g. {@code http://127.0.0.1:9200}. */
        @WithDefault("http://127.0.0.1:9200")
        List<String> url();

        /** Basic-auth user; unset: no authentication. */
        Optional<String> username();

        Optional<String> password();

        /** An API key (base64 id:key), used instead of basic auth when set. */
        Optional<String> apiKey();
    }

    interface Operator {
        /**
         * Upper bound of one call to etcd, Kafka or Elasticsearch. Bounded so that an unreachable
         * system delays only the collections being reconciled against it, never the others.
         */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Write status by server-side apply (real API servers). The fabric8 mock API used by tests
         * and the local stack does not support it: set false there.
         */
        @WithDefault("true")
        boolean serverSideApply();

        LeaderElection leaderElection();

        /** Least time between two retention sweeps of one collection's indices. */
        @WithDefault("10m")
        Duration retentionInterval();

        /**
         * How often the operator forgets collections that were deleted without a cleanup (their
         * finalizer removed): their kelp_operator_collection_ready series, agent status, retention
         * sweep and autoscaler state; a lookup in the informer caches.
         */
        @WithDefault("1m")
        Duration pruneInterval();

        Transfer transfer();

        Autoscale autoscale();

        AgentStatus agentStatus();
    }

    /** status.agents and status.linesPerSecond, from the agents' heartbeats in etcd. */
    interface AgentStatus {
        /** How often the heartbeats are read (one range read for all collections). */
        @WithDefault("5s")
        Duration interval();
    }

    interface Transfer {
        /** Create and own a transfer Deployment per collection. Off when transfers run elsewhere (e2e, VMs). */
        @WithDefault("true")
        boolean manageDeployments();

        /** The transfer container image. */
        @WithDefault("ghcr.io/kelp-logs/kelp-transfer:0.1.0")
        String image();

        /**
         * Where the transfer Deployments of ClusterLogCollections live (they have no namespace of
         * their own); the chart sets the operator's namespace.
         */
        @WithDefault("default")
        String clusterNamespace();
    }

    /** The lag autoscaler; each collection's knobs are in its spec.transfer. */
    interface Autoscale {
        /** How often consumer lag is read; scale-up reacts within one interval. */
        @WithDefault("5s")
        Duration interval();

        /** Least time between two status writes that only update the measured lag. */
        @WithDefault("30s")
        Duration statusInterval();

        /** KEDA's excludePersistentLag: ignore partitions whose committed offset stands still. */
        @WithDefault("false")
        boolean excludePersistentLag();
    }

    interface LeaderElection {
        /** Elect a leader through a Lease so that only one of several operator replicas reconciles. */
        @WithDefault("false")
        boolean enabled();

        /** The Lease's name; it lives in the operator's namespace. */
        @WithDefault("kelp-operator-leader")
        String leaseName();

        /** The Lease's namespace; unset: the namespace the operator runs in. */
        Optional<String> leaseNamespace();

        /**
         * How long a Lease holds without renewal. A leader that dies is replaced within about this
         * long; a leader that cannot renew within {@link #renewDeadline()} exits (its pod restarts).
         */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it gives up leading (and exits). */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often candidates try to acquire, and the leader to renew, the Lease. */
        @WithDefault("2s")
        Duration retryPeriod();
    }
}
