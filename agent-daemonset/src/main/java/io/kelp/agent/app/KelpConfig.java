package io.kelp.agent.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/** The agent's configuration keys (docs/architecture.md); every key can be set by -D or env. */
@ConfigMapping(prefix = "kelp")
public interface KelpConfig {

    Etcd etcd();

    Kafka kafka();

    Agent agent();

    interface Etcd {
        /** Comma-separated etcd URLs ({@code https://} for TLS). */
        String endpoints();

        /** etcd user for authentication; unset: anonymous. Its role must read the task prefix and write the heartbeat keys. */
        Optional<String> user();

        /** The user's password. */
        Optional<String> password();

        /** PEM file of the CA that signed etcd's certificate; unset: the JVM's trust store. */
        Optional<String> caFile();
    }

    interface Kafka {
        String bootstrapServers();

        /** Extra producer properties, e.g. {@code kelp.kafka.producer."linger.ms"=5}. */
        Map<String, String> producer();
    }

    interface Agent {
        /** This node's name (downward API); defaults to the host name. */
        Optional<String> nodeName();

        @WithDefault("/var/log/pods")
        String podLogRoot();

        @WithDefault("/var/lib/kelp/agent")
        String checkpointDir();

        @WithDefault("250")
        long scanIntervalMillis();

        @WithDefault("1000")
        long checkpointIntervalMillis();

        @WithDefault("262144")
        int maxLineBytes();

        /**
         * Record bytes handed to Kafka and not yet acknowledged before reading pauses: bounds the
         * heap during an outage (keep well below -Xmx). 2 MiB is ~3,000 records of ~680 bytes:
         * small because every record in flight survives young collections (measured at -Xmx64m:
         * 16 MiB cost 1.7 CPU-s of GC per million lines, 4 MiB 1.0, 2 MiB with the image's survivor
         * spaces 0.4 and ~20 MiB less peak RSS, at the same CPU and wall time otherwise).
         */
        @WithDefault("2097152")
        long maxInFlightBytes();

        /**
         * Files tailed at once at most (live and rotated); files found beyond it wait on disk for a
         * later scan, counted by {@code kelp_agent_files_waiting}. Keep it well under the
         * container's descriptor limit.
         */
        @WithDefault("8192")
        int maxOpenFiles();

        /** Labels of this host (e.g. {@code kelp.agent.host-labels.role=db}), matched by tasks' host labels. */
        Map<String, String> hostLabels();

        Kubernetes kubernetes();

        interface Kubernetes {
            /** false: VM mode, no Kubernetes API; pods are matched without labels. */
            @WithDefault("true")
            boolean enabled();

            /**
             * The Kubernetes API to watch pods on; unset: the in-cluster service account (or a
             * kubeconfig). Also read from {@code quarkus.kubernetes-client.api-server-url}, its
             * earlier name.
             */
            Optional<String> apiServerUrl();

            /** Trust the API server's certificate without checking it (test and local API servers only). */
            @WithDefault("false")
            boolean trustCerts();

            /** How long a deleted pod's labels are kept so its last lines still carry them. */
            @WithDefault("600000")
            long retainDeletedPodMillis();

            /**
             * Let the API server filter pods by {@code spec.nodeName} (recommended in clusters; the
             * Helm chart should set it). Off by default because the fabric8 mock API used by the
             * tests and the local stack ignores field selectors.
             */
            @WithDefault("false")
            boolean serverSideNodeFilter();
        }
    }
}
