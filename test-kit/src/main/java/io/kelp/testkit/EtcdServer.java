package io.kelp.testkit;

import io.etcd.jetcd.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code etcd} (3.4) as a child process on free ports with a temp data dir.
 * {@link #stop()} and {@link #start()} keep ports and data, so outage tests see the same cluster come back.
 */
public final class EtcdServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final ServerDir dir;
    private final Path dataDirectory;
    private final int clientPort;
    private final int peerPort;
    private ManagedProcess process;
    private Client client;

    private EtcdServer(Path binary, ServerDir dir, int clientPort, int peerPort) {
        this.binary = binary;
        this.dir = dir;
        this.dataDirectory = dir.path().resolve("data");
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /**
     * Finds (or installs, see {@code scripts/ensure-etcd.sh}) the binary and starts a fresh
     * single-member cluster, or the kept one of an earlier run (see {@link ServerDir}).
     */
    public static EtcdServer launch() {
        return launch(ServerDir.of("etcd"));
    }

    static EtcdServer launch(ServerDir dir) {
        EtcdServer server = new EtcdServer(EtcdBinary.locate(), dir, dir.port("client"), dir.port("peer"));
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Starts the process (again) with the same ports and data; returns once {@code /health} answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String clientUrl = endpoint();
        String peerUrl = "http://127.0.0.1:" + peerPort;
        process = ManagedProcess.command("etcd", List.of(binary.toString(),
                        "--name", "kelp",
                        "--data-dir", dataDirectory.toString(),
                        "--listen-client-urls", clientUrl,
                        "--advertise-client-urls", clientUrl,
                        "--listen-peer-urls", peerUrl,
                        "--initial-advertise-peer-urls", peerUrl,
                        "--initial-cluster", "kelp=" + peerUrl,
                        "--initial-cluster-state", "new"))
                .start();
        process.waitUntilHttpOk(clientUrl + "/health", READY_TIMEOUT);
        dir.markStarted();
    }

    /** Graceful stop (SIGTERM); the client stays usable and reconnects after {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
    }

    /** SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    /** A shared jetcd client, closed with the server. Do not close it. */
    public synchronized Client client() {
        if (client == null) {
            client = Client.builder().endpoints(endpoint()).build();
        }
        return client;
    }

    public ManagedProcess process() {
        return process;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        stop();
        dir.release();
    }
}
