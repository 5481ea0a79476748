package io.kelp.agent.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DockerJsonFramingTest {

    record Seen(String message, String timestamp, String stream, long offset, long resume, int flags) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final DockerJsonFraming framing = new DockerJsonFraming(e -> seen.add(new Seen(
            new String(e.message, e.messageStart, e.messageLength(), StandardCharsets.UTF_8),
            e.timestamp == null ? null : new String(e.timestamp, e.timestampStart, e.timestampEnd - e.timestampStart,
                    StandardCharsets.UTF_8), e.stream, e.offset, e.resumeOffset, e.flags)), 1024);
    private final LineFramer framer = new LineFramer(4096, 256, 0);

    private void feed(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        framer.feed(b, 0, b.length, framing);
    }

    @Test
    void parsesLogStreamAndTimeAndUnescapesTheMessage() {
        String line = "{\"log\":\"say \\\"hi\\\"\\tü \\u00e9 \\ud83d\\ude00\\n\",\"stream\":\"stderr\","
                + "\"attrs\":{\"tag\":\"x\",\"n\":[1,2]},\"time\":\"2024-05-01T10:00:00.123456789Z\"}\n";
        feed(line);
        assertThat(seen).containsExactly(new Seen("say \"hi\"\tü é 😀", "2024-05-01T10:00:00.123456789Z", "stderr", 0,
                line.getBytes(StandardCharsets.UTF_8).length, 0));
    }

    @Test
    void entriesWithoutTrailingNewlineAreJoinedUntilTheOneThatHasIt() {
        String p1 = "{\"log\":\"part one \",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}\n";
        String p2 = "{\"log\":\"part two\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:01Z\"}\n";
        feed(p1 + p2);
        assertThat(seen).containsExactly(new Seen("part one part two", "2024-05-01T10:00:00Z", "stdout", 0,
                p1.length() + p2.length(), 0));
    }

    @Test
    void notADockerEntryIsShippedWholeAndFlagged() {
        feed("{\"log\":\"no time\\n\"}\nplain text\n{\"log\":\"x\\n\",\"time\":\"yesterday\"}\n");
        assertThat(seen).extracting(Seen::message).containsExactly("{\"log\":\"no time\\n\"}", "plain text",
                "{\"log\":\"x\\n\",\"time\":\"yesterday\"}");
        assertThat(seen).allMatch(s -> (s.flags() & LogEvent.FLAG_MALFORMED) != 0);
    }
}
