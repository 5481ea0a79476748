package io.kelp.testkit;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * JVM-wide servers shared by every test class: each starts on first use and stops in a shutdown hook.
 * Child processes (etcd, Elasticsearch) are also killed if the JVM dies without running hooks
 * (see {@link OrphanGuard}).
 *
 * <p>Tests share these servers, so they isolate themselves by name (their own topic, key prefix,
 * index, namespace) rather than by restarting anything. A server that failed to start is not retried:
 * every later caller gets the same failure at once instead of waiting for another start timeout.
 */
public final class KelpServers {

    private static final Lazy<KafkaServer> KAFKA = new Lazy<>("Kafka", KafkaServer::start);
    private static final Lazy<EtcdServer> ETCD = new Lazy<>("etcd", EtcdServer::launch);
    private static final Lazy<ElasticsearchServer> ELASTICSEARCH =
            new Lazy<>("Elasticsearch", ElasticsearchServer::launch);
    private static final Lazy<KubernetesApi> KUBERNETES = new Lazy<>("Kubernetes mock API", KubernetesApi::start);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(KelpServers::stopAll, "kelp-servers-shutdown"));
    }

    private KelpServers() {
    }

    /**
     * Makes the servers of this JVM keep their data (and ports) in {@code stateDir}, so that the next
     * JVM that calls this with the same dir starts them with that data again: the local stack's resume.
     * Call before the first server starts; tests never call it (they want fresh temp dirs).
     */
    public static void keepStateIn(Path stateDir) {
        System.setProperty(ServerDir.STATE_DIR_PROPERTY, stateDir.toAbsolutePath().toString());
    }

    public static KafkaServer kafka() {
        return KAFKA.get();
    }

    public static EtcdServer etcd() {
        return ETCD.get();
    }

    public static ElasticsearchServer elasticsearch() {
        return ELASTICSEARCH.get();
    }

    public static KubernetesApi kubernetes() {
        return KUBERNETES.get();
    }

    private static void stopAll() {
        KUBERNETES.close();
        ELASTICSEARCH.close();
        ETCD.close();
        KAFKA.close();
    }

    /** One server, started on first use; each has its own lock so that starts do not wait on each other. */
    private static final class Lazy<T extends AutoCloseable> {
        private final String name;
        private final Supplier<T> starter;
        private T server;
        private RuntimeException failure;

        Lazy(String name, Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (failure != null) {
                throw new IllegalStateException(name + " failed to start earlier in this JVM", failure);
            }
            if (server == null) {
                try {
                    server = starter.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return server;
        }

        synchronized void close() {
            if (server == null) {
                return;
            }
            try {
                server.close();
            } catch (Exception e) {
                // At JVM exit there is nobody to report to; OrphanGuard still kills child processes.
                System.err.println("kelp test kit: failed to stop " + name + ": " + e);
            }
        }
    }
}
