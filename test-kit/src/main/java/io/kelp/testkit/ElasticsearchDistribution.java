package io.kelp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Elasticsearch integ-test distribution from the local Maven repository, unpacked once per machine
 * to {@code ${java.io.tmpdir}/kelp-elasticsearch-<version>}: outside {@code /root} and world-readable,
 * because the server must run as an unprivileged user.
 */
final class ElasticsearchDistribution {

    private static final String GROUP_PATH = "org/elasticsearch/distribution/integ-test-zip/elasticsearch";

    private ElasticsearchDistribution() {
    }

    static String version() {
        return properties().getProperty("elasticsearch.version");
    }

    /** The unpacked {@code elasticsearch-<version>} directory (contains {@code bin/elasticsearch}). */
    static synchronized Path home() {
        String version = version();
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "kelp-elasticsearch-" + version);
        Path home = cache.resolve("elasticsearch-" + version);
        if (Files.isRegularFile(cache.resolve(".complete"))) {
            return home;
        }
        unpack(zip(version), cache);
        return home;
    }

    /** Maven's {@code maven.repo.local} if set, else the repository this jar was built with, else {@code ~/.m2}. */
    static Path zip(String version) {
        String relative = GROUP_PATH + "/" + version + "/elasticsearch-" + version + ".zip";
        Stream<String> repositories = Stream.of(
                System.getProperty("maven.repo.local"),
                properties().getProperty("maven.localRepository"),
                System.getProperty("user.home") + "/.m2/repository");
        return repositories
                .filter(repo -> repo != null && !repo.isBlank() && !repo.startsWith("${"))
                .map(repo -> Path.of(repo, relative))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Elasticsearch distribution " + relative
                        + " is not in the local Maven repository; build the test-kit module once (online) so"
                        + " Maven downloads org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + version
                        + ":zip"));
    }

    /** Unpacks to a private sibling, then renames it into place, so concurrent JVMs never see half a tree. */
    private static void unpack(Path zip, Path cache) {
        Path staging = cache.resolveSibling(cache.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            InstanceDirs.deleteQuietly(staging);
            Files.createDirectories(staging);
            extract(zip, staging);
            Files.createFile(staging.resolve(".complete"));
            makeReadableByAll(staging);
            try {
                Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another JVM won the race, or left an incomplete dir: keep a complete one only.
                if (!Files.isRegularFile(cache.resolve(".complete"))) {
                    InstanceDirs.deleteQuietly(cache);
                    Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                if (!Files.isRegularFile(cache.resolve(".complete"))) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " to " + cache, e);
        } finally {
            InstanceDirs.deleteQuietly(staging);
        }
    }

    private static void extract(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                // java.util.zip drops Unix modes; the launch scripts are all that needs the x bit.
                if (out.getParent().getFileName().toString().equals("bin")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void makeReadableByAll(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(path)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!Files.isExecutable(path)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = ElasticsearchDistribution.class.getResourceAsStream("test-kit.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/kelp/testkit/test-kit.properties missing from the test kit jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
