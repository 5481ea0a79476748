package io.kelp.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogLinesTest {

    @Test
    void sameSeedGivesSameLinesByteForByte() {
        LogLines a = new LogLines(7, BenchInput.START_MILLIS);
        LogLines b = new LogLines(7, BenchInput.START_MILLIS);
        for (int i = 0; i < 1_000; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void linesAreSingleAsciiLinesOfAbout150BytesMixingAccessAndAppLogs() {
        LogLines lines = new LogLines(BenchInput.SEED, BenchInput.START_MILLIS);
        long total = 0;
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] line = lines.next();
            total += line.length;
            for (byte b : line) {
                assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
            }
            if (i < 200) {
                sample.add(new String(line));
            }
        }
        assertThat(total / 10_000.0).isBetween(140.0, 165.0);
        assertThat(sample).anyMatch(l -> l.contains("HTTP/1.1\""));
        assertThat(sample).anyMatch(l -> l.contains("[http-nio-8080-exec-"));
    }

    @Test
    void timeNeverGoesBack() {
        LogLines lines = new LogLines(1, BenchInput.START_MILLIS);
        long last = BenchInput.START_MILLIS;
        for (int i = 0; i < 1_000; i++) {
            lines.next();
            assertThat(lines.epochMillis()).isGreaterThanOrEqualTo(last);
            last = lines.epochMillis();
        }
    }
}
