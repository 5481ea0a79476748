package io.kelp.testkit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.auth.Permission;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import javax.net.ssl.SSLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Debian's {@code etcd} (3.4) as a child process on free ports with a temp data dir.
 * {@link #stop()} and {@link #start()} keep ports and data, so outage tests see the same cluster come back.
 */
public final class EtcdServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** etcd enables authentication only with a user named root holding the role root. */
    public static final String ROOT = "root";

    private final Path binary;
    private final ServerDir dir;
    private final Path dataDirectory;
    private final int clientPort;
    private final int peerPort;
    /** Plain HTTP /health and /metrics, also when clients speak TLS: readiness needs no trust store. */
    private final int metricsPort;
    /** Null: clients speak plain HTTP. */
    private final TestCertificates tls;
    private ManagedProcess process;
    private Client client;
    /** Set once authentication is on: {@link #client()} then logs in as root. */
    private String rootPassword;

    private EtcdServer(Path binary, ServerDir dir, TestCertificates tls) {
        this.binary = binary;
        this.dir = dir;
        this.dataDirectory = dir.path().resolve("data");
        this.clientPort = dir.port("client");
        this.peerPort = dir.port("peer");
        this.metricsPort = dir.port("metrics");
        this.tls = tls;
    }

    /**
     * Finds (or installs, see {@code scripts/ensure-etcd.sh}) the binary and starts a fresh
     * single-member cluster, or the kept one of an earlier run (see {@link ServerDir}).
     */
    public static EtcdServer launch() {
        return launch(ServerDir.of("etcd"));
    }

    /**
     * A fresh server in a temp dir that is never kept, for a test that must own its etcd (compacts
     * it, cuts it off): {@link #launch()} would share the kept data dir of {@code KelpServers.etcd()}.
     */
    public static EtcdServer launchTemporary() {
        return launch(ServerDir.temporary("etcd-own"));
    }

    static EtcdServer launch(ServerDir dir) {
        return launch(dir, null);
    }

    private static EtcdServer launch(ServerDir dir, TestCertificates tls) {
        EtcdServer server = new EtcdServer(EtcdBinary.locate(), dir, tls);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * A fresh server that refuses anonymous requests: a user {@value #ROOT} with the root role and
     * {@code rootPassword}, then authentication enabled, as {@code etcdctl user add root; etcdctl
     * auth enable} would. Never enable it on the shared {@code KelpServers.etcd()}: other tests use
     * that one anonymously. {@link #client()} logs in as root.
     */
    public static EtcdServer launchWithAuthentication(String rootPassword) {
        return secured(launch(ServerDir.temporary("etcd-auth")), rootPassword);
    }

    /**
     * Like {@link #launchWithAuthentication}, and clients must speak TLS: the server's certificate
     * is signed by a fresh test CA, {@link #caFile()}; {@link #endpoint()} is {@code https://}.
     */
    public static EtcdServer launchWithTlsAndAuthentication(String rootPassword) {
        ServerDir dir = ServerDir.temporary("etcd-tls");
        return secured(launch(dir, TestCertificates.createIn(dir.path().resolve("certificates"))), rootPassword);
    }

    private static EtcdServer secured(EtcdServer server, String rootPassword) {
        try {
            server.enableAuthentication(rootPassword);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private synchronized void enableAuthentication(String password) {
        Auth auth = client().getAuthClient();
        await(auth.roleAdd(bytes(ROOT)));
        await(auth.userAdd(bytes(ROOT), bytes(password)));
        await(auth.userGrantRole(bytes(ROOT), bytes(ROOT)));
        await(auth.authEnable());
        // The anonymous client's connections would now be refused; log in from here on.
        client.close();
        client = null;
        rootPassword = password;
    }

    /**
     * Adds a user whose role may read and write only the keys under the given prefixes, as a
     * least-privilege component account would be set up. Needs {@link #launchWithAuthentication}.
     */
    public synchronized void addUser(String user, String password, String... prefixes) {
        Auth auth = client().getAuthClient();
        ByteSequence role = bytes(user + "-role");
        await(auth.roleAdd(role));
        for (String prefix : prefixes) {
            await(auth.roleGrantPermission(role, bytes(prefix), prefixEnd(prefix), Permission.Type.READWRITE));
        }
        await(auth.userAdd(bytes(user), bytes(password)));
        await(auth.userGrantRole(bytes(user), role));
    }

    /** The first key after every key starting with {@code prefix} (its last byte plus one). */
    private static ByteSequence prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        return ByteSequence.from(end);
    }

    private static SslContext trusting(Path caFile) {
        try {
            return GrpcSslContexts.forClient().trustManager(caFile.toFile()).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot load the test CA " + caFile, e);
        }
    }

    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring etcd authentication", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot configure etcd authentication", e);
        }
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    /** Starts the process (again) with the same ports and data; returns once {@code /health} answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String clientUrl = endpoint();
        String peerUrl = "http://127.0.0.1:" + peerPort;
        String metricsUrl = "http://127.0.0.1:" + metricsPort;
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--name", "kelp",
                "--data-dir", dataDirectory.toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-metrics-urls", metricsUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "kelp=" + peerUrl,
                "--initial-cluster-state", "new"));
        if (tls != null) {
            command.addAll(List.of("--cert-file", tls.certificateFile().toString(),
                    "--key-file", tls.keyFile().toString()));
        }
        process = ManagedProcess.command("etcd", command).start();
        process.waitUntilHttpOk(metricsUrl + "/health", READY_TIMEOUT);
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

    /** {@code http://127.0.0.1:PORT}, or {@code https://} with TLS. */
    public String endpoint() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + clientPort;
    }

    /** The PEM of the CA that signed the server's certificate; only with TLS. */
    public Path caFile() {
        if (tls == null) {
            throw new IllegalStateException("this etcd speaks plain HTTP");
        }
        return tls.caFile();
    }

    /** A shared jetcd client (root when authentication is on), closed with the server. Do not close it. */
    public synchronized Client client() {
        if (client == null) {
            ClientBuilder builder = Client.builder().endpoints(endpoint());
            if (rootPassword != null) {
                builder.user(bytes(ROOT)).password(bytes(rootPassword));
            }
            if (tls != null) {
                builder.sslContext(trusting(tls.caFile()));
            }
            client = builder.build();
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
