package io.kelp.contract;

/**
 * A record id is {@code <source id as 16 hex digits>-<byte offset in hex>}: the source id names one
 * file's content (the agent derives it from the node, the path the file was found at and a
 * fingerprint of its first bytes), the offset is where the line starts in that file. The same
 * line read twice, before or after any crash, gets the same id.
 */
public final class RecordId {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RecordId() {
    }

    public static String of(long sourceId, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        char[] out = new char[16 + 1 + 16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (sourceId & 0xF)];
            sourceId >>>= 4;
        }
        out[16] = '-';
        int end = 17;
        String hexOffset = Long.toHexString(offset);
        hexOffset.getChars(0, hexOffset.length(), out, end);
        end += hexOffset.length();
        return new String(out, 0, end);
    }
}
