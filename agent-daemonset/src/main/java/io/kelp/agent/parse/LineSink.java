package io.kelp.agent.parse;

/** Receives complete lines (without the newline) of a file, in order. */
public interface LineSink {

    /**
     * @param offset     file offset of the line's first byte
     * @param nextOffset file offset just past the line's newline
     * @param truncated  the line was longer than the limit; {@code b[from,to)} holds its first bytes
     */
    void line(byte[] b, int from, int to, long offset, long nextOffset, boolean truncated);

    /** No complete line is pending any more at this point: flush whatever waits for a continuation. */
    default void endOfInput(long offset) {
    }
}
