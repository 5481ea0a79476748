package io.kelp.agent.tail;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit FNV-1a hash with a final avalanche mix (from SplitMix64). Not cryptographic: it names
 * files, it does not defend against an adversary. Stable across JVMs and versions by construction,
 * which record ids depend on — never change it.
 */
public final class Hash64 {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long state = OFFSET_BASIS;

    public Hash64 add(byte[] b, int from, int to) {
        long h = state;
        for (int i = from; i < to; i++) {
            h ^= b[i] & 0xFF;
            h *= PRIME;
        }
        state = h;
        return this;
    }

    public Hash64 add(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        add(utf8, 0, utf8.length);
        // A separator byte that UTF-8 text never contains keeps ("ab","c") apart from ("a","bc").
        return add(new byte[] {(byte) 0xFF}, 0, 1);
    }

    public Hash64 add(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return add(b, 0, 8);
    }

    public long value() {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
