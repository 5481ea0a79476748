package io.kelp.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @Test
    void rfc3339NanoDropsTrailingZerosLikeGo() {
        assertThat(Timestamps.rfc3339Nano(BenchInput.START_MILLIS + 123, 456_789)).isEqualTo("2026-11-21T00:00:00.123456789Z");
        assertThat(Timestamps.rfc3339Nano(BenchInput.START_MILLIS + 120, 0)).isEqualTo("2026-11-21T00:00:00.12Z");
        assertThat(Timestamps.rfc3339Nano(BenchInput.START_MILLIS, 0)).isEqualTo("2026-11-21T00:00:00Z");
    }

    @Test
    void logTimestampsAreUtc() {
        assertThat(Timestamps.accessLog(BenchInput.START_MILLIS)).isEqualTo("21/Nov/2026:00:00:00 +0000");
        assertThat(Timestamps.appLog(BenchInput.START_MILLIS + 5)).isEqualTo("2026-11-21 00:00:00.005");
    }
}
