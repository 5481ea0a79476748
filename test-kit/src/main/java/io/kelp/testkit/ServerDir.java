package io.kelp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where one server keeps its data.
 *
 * <p>Tests get a fresh temp dir (see {@link InstanceDirs}) that is deleted when the server closes.
 * With the system property {@value #STATE_DIR_PROPERTY} set (the local stack does), every server
 * keeps its data in {@code <state-dir>/<kind>} instead, which outlives the JVM: the next run starts
 * the same Kafka log, etcd keys and Elasticsearch indices again and the pipeline resumes where it
 * stopped. A kept dir also remembers the ports its server had, because some data remembers its
 * address (etcd stores its member's peer URL).
 */
final class ServerDir {

    static final String STATE_DIR_PROPERTY = "kelp.servers.state-dir";
    private static final String STARTED_MARKER = ".started-once";
    private static final String PORTS_FILE = "ports.properties";

    private final Path path;
    private final boolean kept;

    private ServerDir(Path path, boolean kept) {
        this.path = path;
        this.kept = kept;
    }

    /** A kept dir under {@value #STATE_DIR_PROPERTY} when that property is set, else a temp dir. */
    static ServerDir of(String kind) {
        String stateDir = System.getProperty(STATE_DIR_PROPERTY);
        if (stateDir == null || stateDir.isBlank()) {
            return temporary(kind);
        }
        return kept(Path.of(stateDir), kind);
    }

    static ServerDir temporary(String kind) {
        return new ServerDir(InstanceDirs.create(kind), false);
    }

    static ServerDir kept(Path stateDir, String kind) {
        Path path = stateDir.toAbsolutePath().resolve(kind);
        if (!Files.exists(path.resolve(STARTED_MARKER))) {
            // Left by a first start that failed half-way: a server must not find half-formatted data.
            InstanceDirs.deleteQuietly(path);
        }
        try {
            return new ServerDir(Files.createDirectories(path), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state dir " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** True when this dir holds the data of an earlier run that started the server successfully. */
    boolean startedBefore() {
        return Files.exists(path.resolve(STARTED_MARKER));
    }

    /** Records that the server started once with this data; a later run must not format it again. */
    void markStarted() {
        if (!kept || startedBefore()) {
            return;
        }
        try {
            Files.createFile(path.resolve(STARTED_MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + path + " as started", e);
        }
    }

    /**
     * A free port for {@code name}: in a kept dir the one used last time while it is still free, so
     * the server comes back at the same address; otherwise (or when it is taken) a new one.
     */
    synchronized int port(String name) {
        if (!kept) {
            return FreePorts.next();
        }
        Properties ports = readPorts();
        String remembered = ports.getProperty(name);
        if (remembered != null && FreePorts.isFree(Integer.parseInt(remembered))) {
            return Integer.parseInt(remembered);
        }
        int port = FreePorts.next();
        ports.setProperty(name, Integer.toString(port));
        try (OutputStream out = Files.newOutputStream(path.resolve(PORTS_FILE))) {
            ports.store(out, "ports of the server whose data is in this dir");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the ports in " + path, e);
        }
        return port;
    }

    /** Deletes a temp dir; a kept dir stays for the next run unless its server never started. */
    void release() {
        if (!kept || !startedBefore()) {
            InstanceDirs.deleteQuietly(path);
        }
    }

    private Properties readPorts() {
        Properties ports = new Properties();
        Path file = path.resolve(PORTS_FILE);
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ports.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return ports;
    }
}
