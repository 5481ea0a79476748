package io.kelp.agent.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the container log files laid out as the kubelet does:
 * {@code <root>/<namespace>_<pod>_<uid>/<container>/<n>.log}. Namespaces and pod names cannot
 * contain '_', so the directory name splits unambiguously. Uncompressed rotated siblings
 * ({@code 0.log.20240501-100000}, {@code 0.log.1}) are listed flagged as rotated, so content that
 * was rotated away while the agent was down is still finished; compressed ones are not readable.
 */
public final class PodLogScanner {

    private static final Logger LOG = LoggerFactory.getLogger(PodLogScanner.class);

    private final Path root;

    public PodLogScanner(Path root) {
        this.root = root;
    }

    public List<PodLogFile> scan() {
        List<PodLogFile> found = new ArrayList<>();
        try (DirectoryStream<Path> pods = Files.newDirectoryStream(root)) {
            for (Path podDir : pods) {
                String[] parts = podDir.getFileName().toString().split("_", -1);
                if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
                    continue;
                }
                scanPod(podDir, parts[0], parts[1], parts[2], found);
            }
        } catch (NoSuchFileException e) {
            // No pod has run on this node yet.
        } catch (IOException e) {
            LOG.warn("cannot list pod log root {}: {}", root, e.toString());
        }
        return found;
    }

    private static void scanPod(Path podDir, String namespace, String pod, String uid, List<PodLogFile> found) {
        if (!Files.isDirectory(podDir)) {
            return;
        }
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(podDir)) {
            for (Path containerDir : containers) {
                if (!Files.isDirectory(containerDir)) {
                    continue;
                }
                String container = containerDir.getFileName().toString();
                try (DirectoryStream<Path> logs = Files.newDirectoryStream(containerDir, "*.log*")) {
                    for (Path log : logs) {
                        String name = log.getFileName().toString();
                        boolean current = name.endsWith(".log");
                        boolean rotated = !current && !name.endsWith(".gz") && !name.endsWith(".tmp")
                                && name.contains(".log.");
                        if ((current || rotated) && Files.isRegularFile(log)) {
                            found.add(new PodLogFile(log, namespace, pod, uid, container, rotated));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The pod directory disappeared while listing (pod deleted): its files are gone too.
        }
    }
}
