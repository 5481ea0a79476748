package io.kelp.agent.record;

import io.kelp.contract.RecordId;

/**
 * The Kafka key of a record: {@link RecordId} as UTF-8 bytes, written without an intermediate
 * String because it is built for every line. {@code RecordKeysTest} pins it to {@link RecordId#of}.
 */
public final class RecordKeys {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private RecordKeys() {
    }

    public static byte[] of(long sourceId, long offset) {
        byte[] out = new byte[length(offset)];
        write(out, 0, sourceId, offset);
        return out;
    }

    /** Appends the id to {@code out}, for the event lines of a record. */
    public static void write(JsonBytes out, long sourceId, long offset) {
        int length = length(offset);
        int at = out.reserve(length);
        write(out.array(), at, sourceId, offset);
    }

    private static int length(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        return 17 + (offset == 0 ? 1 : (64 - Long.numberOfLeadingZeros(offset) + 3) / 4);
    }

    private static void write(byte[] out, int at, long sourceId, long offset) {
        for (int i = at + 15; i >= at; i--) {
            out[i] = HEX[(int) (sourceId & 0xF)];
            sourceId >>>= 4;
        }
        out[at + 16] = '-';
        for (int i = at + length(offset) - 1; i >= at + 17; i--) {
            out[i] = HEX[(int) (offset & 0xF)];
            offset >>>= 4;
        }
    }
}
