package io.kelp.agent.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CriFramingTest {

    record Seen(String message, String timestamp, String stream, long offset, long resume, int flags) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final CriFraming framing = new CriFraming(e -> seen.add(new Seen(
            new String(e.message, e.messageStart, e.messageEnd - e.messageStart, StandardCharsets.UTF_8),
            e.timestamp == null ? null : new String(e.timestamp, e.timestampStart, e.timestampEnd - e.timestampStart,
                    StandardCharsets.UTF_8),
            e.stream, e.offset, e.resumeOffset, e.flags)), 64);
    private final LineFramer framer = new LineFramer(100, 16, 0);

    private void feed(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        framer.feed(b, 0, b.length, framing);
    }

    @Test
    void parsesFullLineWithTimestampStreamAndMessage() {
        String line = "2024-05-01T10:00:00.123456789Z stdout F hello world\n";
        feed(line);
        assertThat(seen).containsExactly(new Seen("hello world", "2024-05-01T10:00:00.123456789Z", "stdout", 0,
                line.length(), 0));
    }

    @Test
    void reassemblesPartialsIntoOneEventAtTheFirstPartialsOffset() {
        String p1 = "2024-05-01T10:00:00.1Z stdout P hel\n";
        String p2 = "2024-05-01T10:00:00.2Z stdout P lo \n";
        String f = "2024-05-01T10:00:00.3Z stdout F world\n";
        feed(p1 + p2 + f);
        assertThat(seen).containsExactly(new Seen("hello world", "2024-05-01T10:00:00.1Z", "stdout", 0,
                p1.length() + p2.length() + f.length(), 0));
    }

    @Test
    void interleavedStreamsKeepTheirPartialsApartAndHoldTheResumeOffset() {
        String p = "2024-05-01T10:00:00.1Z stdout P out-\n";
        String err = "2024-05-01T10:00:00.2Z stderr F err\n";
        String f = "2024-05-01T10:00:00.3Z stdout F end\n";
        feed(p + err + f);
        assertThat(seen).extracting(Seen::message).containsExactly("err", "out-end");
        // The stderr event must not let a restart skip the pending stdout partial.
        assertThat(seen.get(0).resume()).isEqualTo(0);
        assertThat(seen.get(0).offset()).isEqualTo(p.length());
        assertThat(seen.get(1).resume()).isEqualTo(p.length() + err.length() + f.length());
    }

    @Test
    void emptyMessageWithoutTrailingSpaceIsAnEmptyEvent() {
        feed("2024-05-01T10:00:00Z stderr F\n");
        assertThat(seen).extracting(Seen::message, Seen::stream).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", "stderr"));
    }

    @Test
    void malformedLineIsShippedWholeAndFlagged() {
        feed("not a cri line\n2024-13-01T10:00:00Z stdout F bad month\n2024-05-01T10:00:00Z stdin F x\n");
        assertThat(seen).extracting(Seen::message).containsExactly("not a cri line",
                "2024-13-01T10:00:00Z stdout F bad month", "2024-05-01T10:00:00Z stdin F x");
        assertThat(seen).allMatch(s -> (s.flags() & LogEvent.FLAG_MALFORMED) != 0 && s.timestamp() == null);
    }

    @Test
    void partialWithoutEndIsFlushedIncompleteAtEndOfInput() {
        String p = "2024-05-01T10:00:00.1Z stdout P dangling\n";
        feed(p);
        assertThat(seen).isEmpty();
        framing.endOfInput(p.length());
        assertThat(seen).containsExactly(new Seen("dangling", "2024-05-01T10:00:00.1Z", "stdout", 0, p.length(),
                LogEvent.FLAG_INCOMPLETE));
    }

    @Test
    void assembledMessageOverTheLimitIsTruncatedAndFlagged() {
        String part = "2024-05-01T10:00:00Z stdout P " + "x".repeat(40) + "\n";
        feed(part + part + "2024-05-01T10:00:00Z stdout F end\n");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).message()).hasSize(64);
        assertThat(seen.get(0).flags() & LogEvent.FLAG_TRUNCATED).isNotZero();
    }

    @Test
    void incompleteLastLineWaitsForItsNewline() {
        feed("2024-05-01T10:00:00Z stdout F wai");
        assertThat(seen).isEmpty();
        feed("ting\n");
        assertThat(seen).extracting(Seen::message).containsExactly("waiting");
    }
}
