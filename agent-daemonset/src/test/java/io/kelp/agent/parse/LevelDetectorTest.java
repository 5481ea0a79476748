package io.kelp.agent.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LevelDetectorTest {

    private static String detect(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        byte[] level = LevelDetector.detect(b, 0, b.length);
        return level == null ? null : new String(level, StandardCharsets.US_ASCII);
    }

    @Test
    void findsTheLevelTokenOfCommonLayouts() {
        assertThat(detect("2024-01-01 12:00:00.123 WARN [main] c.e.Service - slow")).isEqualTo("warn");
        assertThat(detect("2024-01-01T12:00:00Z ERROR something broke")).isEqualTo("error");
        assertThat(detect("[INFO] started")).isEqualTo("info");
        assertThat(detect("level=DEBUG msg=x")).isEqualTo("debug");
        assertThat(detect("WARNING: deprecated")).isEqualTo("warn");
        assertThat(detect("FATAL")).isEqualTo("fatal");
    }

    @Test
    void ignoresWordsThatOnlyContainALevelAndLowerCaseText() {
        assertThat(detect("10.0.0.1 - - \"GET /INFORMATION HTTP/1.1\" 200")).isNull();
        assertThat(detect("NOERROR answer")).isNull();
        assertThat(detect("an error happened")).isNull();
        assertThat(detect("")).isNull();
    }

    @Test
    void looksOnlyAtTheLinePrefix() {
        assertThat(detect("x".repeat(LevelDetector.SCAN_BYTES) + " ERROR late")).isNull();
    }
}
