package io.kelp.agent.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineFramerTest {

    record Line(String text, long offset, long next, boolean truncated) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final LineSink sink = (b, from, to, offset, next, truncated) ->
            lines.add(new Line(new String(b, from, to - from, StandardCharsets.UTF_8), offset, next, truncated));

    @Test
    void splitsLinesAndTracksOffsetsAcrossFeeds() {
        LineFramer framer = new LineFramer(32, 8, 100);
        byte[] data = "ab\ncde\n\nf".getBytes(StandardCharsets.UTF_8);
        framer.feed(data, 0, 4, sink);
        framer.feed(data, 4, data.length, sink);
        assertThat(lines).containsExactly(new Line("ab", 100, 103, false), new Line("cde", 103, 107, false),
                new Line("", 107, 108, false));
        assertThat(framer.pendingOffset()).isEqualTo(108);
        assertThat(framer.readOffset()).isEqualTo(109);
    }

    @Test
    void overlongLineKeepsItsHeadIsFlaggedAndTheNextLineIsIntact() {
        LineFramer framer = new LineFramer(10, 4, 0);
        String longLine = "0123456789abcdefghijklmnopqrstuvwxyz";
        byte[] data = (longLine + "\nnext\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < data.length; i += 3) {
            framer.feed(data, i, Math.min(data.length, i + 3), sink);
        }
        assertThat(lines).containsExactly(new Line("0123456789", 0, longLine.length() + 1, true),
                new Line("next", longLine.length() + 1, longLine.length() + 6, false));
    }

    @Test
    void bufferStartsAtOneChunkAndGrowsOnlyForALongLine() {
        LineFramer framer = new LineFramer(1000, 16, 0);
        framer.feed("short\nlines\n".getBytes(StandardCharsets.UTF_8), 0, 12, sink);
        assertThat(framer.bufferCapacity()).isEqualTo(16);
        byte[] longLine = ("x".repeat(600) + "\n").getBytes(StandardCharsets.UTF_8);
        framer.feed(longLine, 0, longLine.length, sink);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2).text()).hasSize(600);
        assertThat(lines.get(2).truncated()).isFalse();
        assertThat(framer.bufferCapacity()).isBetween(600, 1016);
    }

    @Test
    void newlinesAreFoundAtEveryPositionOfAnEightByteWordAndNotInHighBytes() {
        LineFramer framer = new LineFramer(1000, 64, 0);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int length = 0; length < 40; length++) {
            // 0x8A and 0x0B are the bytes a word-at-a-time search could mistake for '\n'.
            String line = "é\u000b".repeat(length / 3) + "x".repeat(length % 3);
            expected.add(line);
            text.append(line).append('\n');
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < data.length; i += 13) {
            framer.feed(data, i, Math.min(data.length, i + 13), sink);
        }
        assertThat(lines).extracting(Line::text).containsExactlyElementsOf(expected);
        assertThat(lines.get(39).next()).isEqualTo(data.length);
    }

    @Test
    void aLastLineWithoutNewlineIsDeliveredOnlyAtTheEndOfInput() {
        LineFramer framer = new LineFramer(32, 8, 0);
        byte[] data = "done\nunterminated".getBytes(StandardCharsets.UTF_8);
        framer.feed(data, 0, data.length, sink);
        assertThat(lines).containsExactly(new Line("done", 0, 5, false));

        framer.deliverUnfinished(sink);
        framer.deliverUnfinished(sink);
        assertThat(lines).containsExactly(new Line("done", 0, 5, false), new Line("unterminated", 5, 17, false));
        assertThat(framer.pendingOffset()).isEqualTo(17);
        assertThat(framer.readOffset()).isEqualTo(17);
    }

    @Test
    void anUnterminatedOverlongLineIsDeliveredTruncatedAtTheEndOfInput() {
        LineFramer framer = new LineFramer(10, 4, 0);
        byte[] data = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < data.length; i += 3) {
            framer.feed(data, i, Math.min(data.length, i + 3), sink);
        }
        framer.deliverUnfinished(sink);
        assertThat(lines).containsExactly(new Line("0123456789", 0, 20, true));
    }

    @Test
    void aReleasedBufferCostsNothingUntilTheNextReadAndOffsetsGoOn() {
        LineFramer framer = new LineFramer(32, 8, 0);
        assertThat(framer.bufferCapacity()).isZero();
        framer.feed("ab\n".getBytes(StandardCharsets.UTF_8), 0, 3, sink);
        assertThat(framer.bufferCapacity()).isEqualTo(8);

        framer.releaseBuffer();
        assertThat(framer.bufferCapacity()).isZero();
        framer.feed("cd\nef".getBytes(StandardCharsets.UTF_8), 0, 5, sink);
        framer.releaseBuffer();
        // "ef" waits for its newline: the buffer holding it stays.
        assertThat(framer.bufferCapacity()).isEqualTo(8);
        framer.feed("\n".getBytes(StandardCharsets.UTF_8), 0, 1, sink);
        assertThat(lines).containsExactly(new Line("ab", 0, 3, false), new Line("cd", 3, 6, false),
                new Line("ef", 6, 9, false));
    }
}
