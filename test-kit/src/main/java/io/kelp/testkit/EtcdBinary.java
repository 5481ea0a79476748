package io.kelp.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the etcd server binary, installing Debian's {@code etcd-server} through {@code scripts/ensure-etcd.sh} if needed. */
final class EtcdBinary {

    private static final List<Path> KNOWN_LOCATIONS = List.of(Path.of("/usr/bin/etcd"), Path.of("/usr/local/bin/etcd"));

    private EtcdBinary() {
    }

    static Path locate() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        install();
        return find().orElseThrow(() -> new IllegalStateException(
                "etcd is still not installed after running scripts/ensure-etcd.sh"));
    }

    private static Optional<Path> find() {
        String override = System.getProperty("kelp.etcd.binary", System.getenv("KELP_ETCD_BINARY"));
        if (override != null) {
            return Optional.of(Path.of(override));
        }
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "etcd"));
        return Stream.concat(onPath, KNOWN_LOCATIONS.stream()).filter(Files::isExecutable).findFirst();
    }

    private static void install() {
        Path script = script();
        Path log = LogFiles.defaultFor("ensure-etcd");
        try {
            Process process = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException("etcd is not installed and " + script + " failed with code " + code
                        + ":\n" + ManagedProcess.tail(log, 20));
            }
        } catch (IOException e) {
            throw new IllegalStateException("etcd is not installed and " + script + " could not run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing etcd", e);
        }
    }

    /** {@code scripts/ensure-etcd.sh} of the repository: searched upwards from the working directory. */
    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/ensure-etcd.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("etcd is not installed and scripts/ensure-etcd.sh was not found above "
                + Path.of("").toAbsolutePath() + "; install it with: apt-get install -y etcd-server");
    }
}
