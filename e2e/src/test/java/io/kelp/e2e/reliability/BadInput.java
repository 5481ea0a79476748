package io.kelp.e2e.reliability;

import io.kelp.testkit.InstanceDirs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Input a tailer must survive, each line still carrying its marker (at its start, so it survives
 * truncation), written while valid lines flow in other files:
 * invalid UTF-8, NUL bytes, a 10 MB line, a flood of CRI partial lines (interleaved with another
 * stream's lines, and one message longer than the line limit), lines that are not CRI at all, and
 * last lines without a newline: finished later, finished after the agent was SIGKILLed, or never
 * finished before the file was rotated away or its pod deleted.
 */
final class BadInput implements Scenario {

    private static final int VALID_FILES = 2;
    private static final int LINES_PER_CASE = 200;
    private static final int CHUNKS_PER_MESSAGE = 20;
    private static final int CHUNK_BYTES = 100;
    private static final int OVERLONG_MESSAGE_CHUNKS = 5_000;
    private static final byte[][] INVALID_UTF8 = {
            {(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

    private final int partialMessages;
    private final double linesPerSecond;

    BadInput(int partialMessages, double linesPerSecond) {
        this.partialMessages = partialMessages;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public String name() {
        return "bad input";
    }

    @Override
    public String fault() {
        return String.format("%d lines with invalid UTF-8, %d with NUL bytes, one %d MB line, %,d messages of %d CRI "
                        + "partial lines (+1 of %,d partials) interleaved with stderr lines, %d non-CRI lines, "
                        + "4 files ending without a newline; %,.0f valid lines/s into %d other files",
                LINES_PER_CASE, LINES_PER_CASE, SuiteSize.HUGE_LINE_BYTES >> 20, partialMessages,
                CHUNKS_PER_MESSAGE, OVERLONG_MESSAGE_CHUNKS, LINES_PER_CASE, linesPerSecond, VALID_FILES);
    }

    @Override
    public void run(ScenarioRun run) {
        try (SteadyWriter writer = SteadyWriter.start(run.newLogs(VALID_FILES), linesPerSecond)) {
            invalidUtf8(run.newLog());
            nulBytes(run.newLog());
            hugeLine(run.newLog());
            partialFlood(run.newLog());
            notCri(run.newLog());
            unfinishedLines(run);
            Waiting.sleep(Duration.ofSeconds(2));
        }
    }

    private static String prefix(String stream, char tag) {
        return Instant.now() + " " + stream + " " + tag + " ";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void invalidUtf8(ContainerLog log) {
        for (int i = 0; i < LINES_PER_CASE; i++) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes(utf8(prefix("stdout", 'F') + log.nextMarker() + " invalid "));
            line.writeBytes(INVALID_UTF8[i % INVALID_UTF8.length]);
            line.writeBytes(utf8(" utf-8\n"));
            log.appendRaw(line.toByteArray(), 1);
        }
    }

    private static void nulBytes(ContainerLog log) {
        for (int i = 0; i < LINES_PER_CASE; i++) {
            log.appendRaw(utf8(prefix("stdout", 'F') + log.nextMarker() + " nul\u0000byte" + "\u0000".repeat(i % 3)
                    + "\n"), 1);
        }
    }

    private static void hugeLine(ContainerLog log) {
        log.appendLines(10);
        byte[] head = utf8(prefix("stdout", 'F') + log.nextMarker() + " huge ");
        byte[] line = Arrays.copyOf(head, SuiteSize.HUGE_LINE_BYTES + 1);
        Arrays.fill(line, head.length, line.length - 1, (byte) 'x');
        line[line.length - 1] = '\n';
        log.appendRaw(line, 1);
        log.appendLines(10);
    }

    /**
     * Messages split into CRI partial lines ({@code P} ... {@code F}), each interleaved with a complete
     * stderr line; the last message is longer than the agent's line limit (it is truncated, not lost).
     */
    private void partialFlood(ContainerLog log) {
        for (int m = 0; m < partialMessages; m++) {
            writeSplitMessage(log, CHUNKS_PER_MESSAGE);
        }
        writeSplitMessage(log, OVERLONG_MESSAGE_CHUNKS);
    }

    private static void writeSplitMessage(ContainerLog log, int chunks) {
        // The stdout message takes the next marker, the stderr line between its parts the one after.
        Marker message = log.nextMarker();
        Marker stderr = log.marker(message.seq() + 1);
        String first = message + " partial ";
        StringBuilder lines = new StringBuilder();
        lines.append(prefix("stdout", 'P')).append(first).append("a".repeat(CHUNK_BYTES - first.length())).append('\n');
        lines.append(prefix("stderr", 'F')).append(stderr).append(" interleaved stderr line\n");
        for (int c = 1; c < chunks; c++) {
            lines.append(prefix("stdout", c == chunks - 1 ? 'F' : 'P')).append("b".repeat(CHUNK_BYTES)).append('\n');
        }
        log.appendRaw(utf8(lines.toString()), 2);
    }

    private static void notCri(ContainerLog log) {
        for (int i = 0; i < LINES_PER_CASE; i++) {
            log.appendRaw(utf8("this line is not CRI at all " + log.nextMarker() + "\n"), 1);
        }
    }

    /**
     * Files whose last line has no newline yet: completed later; completed after the agent was killed
     * while it held the unfinished line; rotated away unfinished; its pod deleted unfinished. The
     * agent must ship every one of them once, whole where it was completed.
     */
    private static void unfinishedLines(ScenarioRun run) {
        List<ContainerLog> logs = run.newLogs(4);
        String[] halves = new String[logs.size()];
        for (int i = 0; i < logs.size(); i++) {
            ContainerLog log = logs.get(i);
            log.appendLines(50);
            String line = prefix("stdout", 'F') + log.nextMarker() + " this line ends without a newline";
            halves[i] = line.substring(line.length() / 2);
            log.appendRaw(utf8(line.substring(0, line.length() / 2)), 0);
        }
        awaitShipped(run, logs, 50);
        Waiting.sleep(Duration.ofSeconds(1));

        ContainerLog completedLater = logs.get(0);
        completedLater.appendRaw(utf8(halves[0] + "\n"), 1);
        completedLater.appendLines(10);

        ContainerLog completedAfterKill = logs.get(1);
        run.stack().killAndRestartAgent();
        completedAfterKill.appendRaw(utf8(halves[1] + "\n"), 1);
        completedAfterKill.appendLines(10);

        ContainerLog rotated = logs.get(2);
        rotated.appendRaw(utf8(halves[2]), 1);
        rotated.renameAndCreate();
        rotated.appendLines(10);

        ContainerLog podDeleted = logs.get(3);
        podDeleted.appendRaw(utf8(halves[3]), 1);
        podDeleted.close();
        InstanceDirs.deleteQuietly(podDeleted.podDirectory());
    }

    private static void awaitShipped(ScenarioRun run, List<ContainerLog> logs, long lines) {
        Waiting.until(Duration.ofSeconds(60), () -> logs.stream().allMatch(log ->
                        DocumentTally.countPod(run.stack().es(), ReliabilityStack.COLLECTION.indexPattern(),
                                log.pod()) >= lines),
                () -> "the agent did not ship the first " + lines + " lines of the unfinished-line files\n"
                        + run.stack().componentOutput());
    }
}
