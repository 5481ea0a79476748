package io.kelp.contract;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionRefTest {

    @Test
    void derivesEveryNameFromNamespaceAndName() {
        CollectionRef ref = new CollectionRef("shop", "web");
        assertThat(ref.topic()).isEqualTo("kelp.shop.web");
        assertThat(ref.consumerGroup()).isEqualTo("kelp-transfer.shop.web");
        assertThat(ref.indexFor(LocalDate.of(2026, 1, 5))).isEqualTo("kelp-shop_web_2026.01.05");
        assertThat(ref.indexPattern()).isEqualTo("kelp-shop_web_*");
        assertThat(ref.taskKey()).isEqualTo("/kelp/v1/tasks/shop/web");
    }

    @Test
    void indexPatternOfOneCollectionNeverMatchesAnotherWithALongerName() {
        String webPrefix = new CollectionRef("shop", "web").indexPrefix();
        String webApiIndex = new CollectionRef("shop", "web-api").indexFor(LocalDate.of(2026, 1, 5));
        assertThat(webApiIndex).doesNotStartWith(webPrefix);
    }

    @Test
    void rejectsNamesThatWouldMakeAmbiguousTopicsOrIndices() {
        assertThatThrownBy(() -> new CollectionRef("shop", "web.v2")).hasMessageContaining("DNS-1123");
        assertThatThrownBy(() -> new CollectionRef("Shop", "web")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> CollectionRef.parse("shop")).hasMessageContaining("<namespace>/<name>");
    }

    @Test
    void taskKeyParsesBackToItsCollection() {
        CollectionRef ref = new CollectionRef("shop", "web");
        assertThat(TaskKeys.collectionOf(ref.taskKey())).isEqualTo(ref);
        assertThat(TaskKeys.collectionOf("/other/shop/web")).isNull();
    }

    @Test
    void indexDayRoundTripsAndRejectsGarbage() {
        LocalDate day = LocalDate.of(2026, 11, 21);
        assertThat(IndexDay.parseOrNull(IndexDay.format(day))).isEqualTo(day);
        assertThat(IndexDay.parseOrNull("2026-11-21")).isNull();
        assertThat(IndexDay.ofEpochMillis(0)).isEqualTo(LocalDate.of(1970, 1, 1));
        assertThat(IndexDay.ofEpochMillis(-1)).isEqualTo(LocalDate.of(1969, 12, 31));
    }
}
