package io.kelp.agent.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MultilineJoinerTest {

    record Seen(String message, long offset, long resume, int flags) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final MultilineJoiner joiner = new MultilineJoiner(e -> seen.add(new Seen(
            new String(e.message, e.messageStart, e.messageLength(), StandardCharsets.UTF_8), e.offset,
            e.resumeOffset, e.flags)), new MultilineRule(Pattern.compile("^\\S"), 50), 64);
    private final CriFraming framing = new CriFraming(joiner, 64);
    private final LineFramer framer = new LineFramer(200, 64, 0);

    private void feed(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        framer.feed(b, 0, b.length, framing);
    }

    private static String cri(String message) {
        return "2024-05-01T10:00:00Z stdout F " + message + "\n";
    }

    @Test
    void stackTraceLinesJoinTheLineThatStartedThem() {
        String first = cri("Exception in thread main");
        String at1 = cri("\tat a.B.c(B.java:1)");
        String at2 = cri("\tat a.B.d(B.java:2)");
        String next = cri("INFO next event");
        feed(first + at1 + at2 + next);
        assertThat(seen).containsExactly(new Seen("Exception in thread main\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)",
                0, first.length() + at1.length() + at2.length(), 0));
        joiner.flush();
        assertThat(seen.get(1).message()).isEqualTo("INFO next event");
        assertThat(seen.get(1).offset()).isEqualTo(first.length() + at1.length() + at2.length());
    }

    @Test
    void pendingEventIsShippedAfterTheWaitWithoutANextLine() throws Exception {
        feed(cri("ERROR boom") + cri("  caused by x"));
        joiner.flushIfIdle(System.nanoTime());
        assertThat(seen).isEmpty();
        Thread.sleep(60);
        joiner.flushIfIdle(System.nanoTime());
        assertThat(seen).extracting(Seen::message).containsExactly("ERROR boom\n  caused by x");
    }

    @Test
    void groupOverTheLimitIsTruncatedAndFlagged() {
        feed(cri("start") + cri(" " + "x".repeat(40)) + cri(" " + "y".repeat(40)) + cri("next"));
        assertThat(seen.get(0).message()).hasSize(64);
        assertThat(seen.get(0).flags() & LogEvent.FLAG_TRUNCATED).isNotZero();
    }
}
