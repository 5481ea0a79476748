package io.kelp.operator.desired;

import io.kelp.contract.CollectionRef;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexRetentionTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    @Test
    void keepsTodayAndTheDaysWithinRetentionDeletesOlder() {
        List<String> indices = List.of("kelp-shop_web_2026.03.10", "kelp-shop_web_2026.03.04",
                "kelp-shop_web_2026.03.03", "kelp-shop_web_2025.12.31");

        assertThat(IndexRetention.expired(WEB, indices, 7, TODAY))
                .containsExactly("kelp-shop_web_2025.12.31", "kelp-shop_web_2026.03.03");
    }

    @Test
    void neverTouchesIndicesThatAreNotExactlyThisCollectionsDailyIndices() {
        List<String> indices = List.of("kelp-shop_web-api_2020.01.01", "kelp-shop_web_2020.01.01-reindexed",
                "kelp-shop_web_backup", "other_2020.01.01");

        assertThat(IndexRetention.expired(WEB, indices, 1, TODAY)).isEmpty();
    }

    @Test
    void retentionOfOneDayKeepsOnlyToday() {
        assertThat(IndexRetention.expired(WEB, List.of("kelp-shop_web_2026.03.10", "kelp-shop_web_2026.03.09"), 1, TODAY))
                .containsExactly("kelp-shop_web_2026.03.09");
    }
}
