package io.kelp.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The input every peer ships: the same lines twice, as a plain file (kcat, rsyslog) and as a
 * kubelet container log in CRI format ({@code <RFC3339Nano> stdout F <line>}) under
 * {@code <root>/<namespace>_<pod>_<uid>/<container>/0.log} (the agent). The message bytes are identical.
 *
 * @param plainFile    one line per record, newline-terminated
 * @param podLogRoot   the directory to give the agent as {@code kelp.agent.pod-log-root}
 * @param criFile      the container log inside it
 * @param namespace    the pod's namespace (what a task selects)
 * @param lines        number of lines
 * @param messageBytes bytes of all lines without terminators (what kcat and rsyslog ship as values)
 * @param criBytes     size of the CRI file
 */
public record BenchInput(Path plainFile, Path podLogRoot, Path criFile, String namespace, int lines, long messageBytes,
                         long criBytes) {

    public static final long SEED = 20261121L;
    /** 2026-11-21T00:00:00Z: inside the lifetime of any index template we would test against. */
    public static final long START_MILLIS = 1_795_219_200_000L;

    public static BenchInput write(Path dir, String namespace, int lines) throws IOException {
        Path plain = dir.resolve("lines.log");
        Path root = dir.resolve("pods");
        Path cri = root.resolve(namespace + "_loadgen-7d9c_0f0e7a52-1111-4d2b-9a61-6f1e2b3c4d5e")
                .resolve("app").resolve("0.log");
        Files.createDirectories(cri.getParent());
        LogLines generator = new LogLines(SEED, START_MILLIS);
        SplittableRandom nanos = new SplittableRandom(SEED + 1);
        long messageBytes = 0;
        try (OutputStream plainOut = buffered(plain); OutputStream criOut = buffered(cri)) {
            for (int i = 0; i < lines; i++) {
                byte[] line = generator.next();
                messageBytes += line.length;
                plainOut.write(line);
                plainOut.write('\n');
                String prefix = Timestamps.rfc3339Nano(generator.epochMillis(), nanos.nextInt(1_000_000)) + " stdout F ";
                criOut.write(prefix.getBytes(StandardCharsets.US_ASCII));
                criOut.write(line);
                criOut.write('\n');
            }
        }
        return new BenchInput(plain, root, cri, namespace, lines, messageBytes, Files.size(cri));
    }

    private static OutputStream buffered(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    }

    public double averageLineBytes() {
        return (double) messageBytes / lines;
    }
}
