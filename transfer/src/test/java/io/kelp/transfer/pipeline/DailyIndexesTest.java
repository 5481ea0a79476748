package io.kelp.transfer.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DailyIndexesTest {

    private final DailyIndexes indexes = new DailyIndexes("kelp-shop_web_");

    @Test
    void namesTheUtcDayOfTheEventTime() {
        long lateEvening = Instant.parse("2026-11-21T23:59:59.999Z").toEpochMilli();
        assertThat(indexes.indexFor(lateEvening)).isEqualTo("kelp-shop_web_2026.11.21");
        assertThat(indexes.indexFor(lateEvening + 1)).isEqualTo("kelp-shop_web_2026.11.22");
    }

    @Test
    void actionPrefixCarriesTheDailyIndex() {
        long t = Instant.parse("2026-01-02T10:00:00Z").toEpochMilli();
        assertThat(new String(indexes.actionPrefixFor(t), StandardCharsets.UTF_8))
                .isEqualTo("{\"index\":{\"_index\":\"kelp-shop_web_2026.01.02");
        assertThat(indexes.actionPrefixFor(t + 1000)).isSameAs(indexes.actionPrefixFor(t));
    }

    @Test
    void missingOrAbsurdTimestampsNameNoIndex() {
        assertThat(indexes.actionPrefixFor(-1)).isNull();
        assertThat(indexes.actionPrefixFor(Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli())).isNull();
    }
}
