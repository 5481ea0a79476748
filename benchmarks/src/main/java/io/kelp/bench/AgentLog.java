package io.kelp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the agent's own account of when it started tailing each file: its log line
 * {@code <ISO time> INFO [TailOpener] tailing <path> for <collection> ...}
 * (the format set by {@link AgentProcess#LOG_FORMAT}).
 */
final class AgentLog {

    private AgentLog() {
    }

    /** Epoch millis of the first "tailing" line per path. */
    static Map<String, Long> tailingStarts(Path logFile) throws IOException {
        return tailingStarts(Files.readAllLines(logFile));
    }

    static Map<String, Long> tailingStarts(List<String> lines) {
        Map<String, Long> starts = new HashMap<>();
        for (String line : lines) {
            int at = line.indexOf("] tailing ");
            int space = line.indexOf(' ');
            if (at < 0 || space < 0) {
                continue;
            }
            String rest = line.substring(at + "] tailing ".length());
            int end = rest.indexOf(' ');
            String path = end < 0 ? rest : rest.substring(0, end);
            try {
                long millis = OffsetDateTime.parse(line.substring(0, space)).toInstant().toEpochMilli();
                starts.putIfAbsent(path, millis);
            } catch (DateTimeParseException e) {
                // Not one of the agent's own log lines (e.g. a stack trace line mentioning "tailing").
            }
        }
        return starts;
    }
}
