package io.kelp.testkit;

/**
 * JVM-wide servers shared by every test class: each starts on first use and stops in a shutdown hook.
 * Child processes (etcd, Elasticsearch) are also killed if the JVM dies without running hooks
 * (see {@link OrphanGuard}).
 *
 * <p>Tests share these servers, so they isolate themselves by name (their own topic, key prefix,
 * index, namespace) rather than by restarting anything.
 */
public final class KelpServers {

    private static KafkaServer kafka;
    private static EtcdServer etcd;
    private static ElasticsearchServer elasticsearch;
    private static KubernetesApi kubernetes;
    private static boolean hookInstalled;

    private KelpServers() {
    }

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            installShutdownHook();
            kafka = KafkaServer.start();
        }
        return kafka;
    }

    public static synchronized EtcdServer etcd() {
        if (etcd == null) {
            installShutdownHook();
            etcd = EtcdServer.launch();
        }
        return etcd;
    }

    public static synchronized ElasticsearchServer elasticsearch() {
        if (elasticsearch == null) {
            installShutdownHook();
            elasticsearch = ElasticsearchServer.launch();
        }
        return elasticsearch;
    }

    public static synchronized KubernetesApi kubernetes() {
        if (kubernetes == null) {
            installShutdownHook();
            kubernetes = KubernetesApi.start();
        }
        return kubernetes;
    }

    private static void installShutdownHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(KelpServers::stopAll, "kelp-servers-shutdown"));
        }
    }

    private static synchronized void stopAll() {
        closeQuietly(kubernetes);
        closeQuietly(elasticsearch);
        closeQuietly(etcd);
        closeQuietly(kafka);
    }

    private static void closeQuietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            // At JVM exit there is nobody to report to; OrphanGuard still kills child processes.
            System.err.println("kelp test kit: failed to stop " + server + ": " + e);
        }
    }
}
