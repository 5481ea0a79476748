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
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        int offsetDigits = offset == 0 ? 1 : (64 - Long.numberOfLeadingZeros(offset) + 3) / 4;
        byte[] out = new byte[17 + offsetDigits];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (sourceId & 0xF)];
            sourceId >>>= 4;
        }
        out[16] = '-';
        for (int i = out.length - 1; i >= 17; i--) {
            out[i] = HEX[(int) (offset & 0xF)];
            offset >>>= 4;
        }
        return out;
    }
}
