package io.kelp.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Appends realistic container log lines (access logs, warnings, errors) to example pod log files. */
final class SampleLogGenerator {

    private static final String[] PATHS = {"/", "/cart", "/items/42", "/checkout", "/api/v1/orders", "/healthz"};
    private static final int[] STATUSES = {200, 200, 200, 201, 304, 404, 500};

    private final Path podLogRoot;
    private final String namespace;
    private final List<PodLogWriter> writers = new ArrayList<>();

    SampleLogGenerator(Path podLogRoot, String namespace) {
        this.podLogRoot = podLogRoot;
        this.namespace = namespace;
    }

    void addPod(String pod, String uid, String container) {
        writers.add(new PodLogWriter(podLogRoot, namespace, pod, uid, container));
    }

    void writeBurst(int linesPerPod) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (PodLogWriter writer : writers) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < linesPerPod; i++) {
                int status = STATUSES[random.nextInt(STATUSES.length)];
                String stream = status >= 500 ? "stderr" : "stdout";
                String message = status >= 500
                        ? "ERROR upstream timed out while reading response header from upstream"
                        : "10.0.0." + random.nextInt(1, 255) + " - - \"GET " + PATHS[random.nextInt(PATHS.length)]
                        + " HTTP/1.1\" " + status + " " + random.nextInt(100, 9000);
                burst.append(java.time.Instant.now()).append(' ').append(stream).append(" F ").append(message)
                        .append('\n');
            }
            writer.append(burst.toString());
        }
    }
}
