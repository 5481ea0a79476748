package io.kelp.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * The real Elasticsearch server (integ-test distribution) as a child process: single node, free
 * HTTP and transport ports, 512 MB heap, its own config, data and logs in a temp dir.
 * {@link #stop()} and {@link #start()} keep ports and data, for outage tests.
 *
 * <p>This minimal distribution answers {@code GET /} with 405, so readiness is the cluster health API.
 */
public final class ElasticsearchServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final ServerDir dir;
    private final Path instance;
    private final int httpPort;
    private ManagedProcess process;
    private RestClient restClient;
    private ElasticsearchClient client;

    private ElasticsearchServer(Path home, ServerDir dir, int httpPort) {
        this.home = home;
        this.dir = dir;
        this.instance = dir.path();
        this.httpPort = httpPort;
    }

    /**
     * Unpacks the distribution if needed, prepares a fresh node and starts it. A start that fails
     * because another process took one of the picked ports is retried on new ports.
     */
    public static ElasticsearchServer launch() {
        Path home = ElasticsearchDistribution.home();
        for (int attempt = 1; ; attempt++) {
            ServerDir dir = ServerDir.of("elasticsearch");
            int httpPort = dir.port("http");
            configure(home, dir.path(), httpPort, dir.port("transport"));
            ElasticsearchServer server = new ElasticsearchServer(home, dir, httpPort);
            try {
                server.start();
                return server;
            } catch (RuntimeException e) {
                boolean portTaken = server.process != null
                        && server.process.outputTail(200).matches("(?s).*Bind(Http|Transport)Exception.*");
                server.close();
                if (!portTaken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void configure(Path home, Path instance, int httpPort, int transportPort) {
        Path config = instance.resolve("config");
        try {
            copyTree(home.resolve("config"), config);
            Files.createDirectories(instance.resolve("data"));
            Files.createDirectories(instance.resolve("logs"));
            Files.createDirectories(instance.resolve("tmp"));
            Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                    "cluster.name: kelp-test-" + instance.getFileName(),
                    "node.name: kelp-es",
                    "discovery.type: single-node",
                    "network.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.port: " + transportPort,
                    "path.data: " + instance.resolve("data"),
                    "path.logs: " + instance.resolve("logs"),
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    // The distro ships the security module: without this it auto-configures TLS and
                    // passwords on first start, and plain-HTTP clients are turned away.
                    "xpack.security.enabled: false",
                    // Tests clean up with wildcards (DELETE kelp-*).
                    "action.destructive_requires_name: false",
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Elasticsearch node in " + instance, e);
        }
        UnprivilegedUser.grant(instance);
    }

    /** Starts the node (again) with the same ports and data; returns once cluster health is at least yellow. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = UnprivilegedUser.wrap(List.of("env",
                "ES_JAVA_HOME=" + System.getProperty("java.home"),
                "ES_PATH_CONF=" + instance.resolve("config"),
                "ES_TMPDIR=" + instance.resolve("tmp"),
                "ES_JAVA_OPTS=-Xms512m -Xmx512m",
                home.resolve("bin/elasticsearch").toString()));
        process = ManagedProcess.command("elasticsearch", command).workingDirectory(instance).start();
        process.waitUntilHttpOk(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s", READY_TIMEOUT);
        dir.markStarted();
    }

    /** Graceful stop (SIGTERM); the client stays usable again after {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** SIGKILL of the launcher and server JVM, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String version() {
        return ElasticsearchDistribution.version();
    }

    /** A shared client (elasticsearch-java 8.x), closed with the server. Do not close it. */
    public synchronized ElasticsearchClient client() {
        if (client == null) {
            restClient = RestClient.builder(HttpHost.create(url())).build();
            client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
        }
        return client;
    }

    public ManagedProcess process() {
        return process;
    }

    /** The server's own log directory (the console output is in {@link ManagedProcess#logFile()}). */
    public Path logDirectory() {
        return instance.resolve("logs");
    }

    @Override
    public synchronized void close() {
        if (restClient != null) {
            try {
                restClient.close();
            } catch (IOException e) {
                // Closing a client of a server that is going away.
            }
            restClient = null;
            client = null;
        }
        stop();
        dir.release();
    }

    @Override
    public String toString() {
        return "Elasticsearch " + version() + " at " + url();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
