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

    @Test
    void clusterCollectionNamesUseAPseudoNamespaceNoRealNamespaceCanHave() {
        CollectionRef cluster = CollectionRef.cluster("web");
        assertThat(cluster.clusterScoped()).isTrue();
        assertThat(cluster.topic()).isEqualTo("kelp._cluster.web");
        assertThat(cluster.deadLetterTopic()).isEqualTo("kelp._cluster.web.dlq");
        assertThat(cluster.indexFor(LocalDate.of(2026, 1, 5))).isEqualTo("kelp-_cluster_web_2026.01.05");
        assertThat(cluster.indexTemplateName()).isEqualTo("kelp-_cluster_web");
        assertThat(cluster.taskKey()).isEqualTo("/kelp/v1/tasks/_cluster/web");
        assertThat(TaskKeys.collectionOf(cluster.taskKey())).isEqualTo(cluster);
        assertThatThrownBy(() -> new CollectionRef("_other", "web")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> new CollectionRef("cluster_", "web")).hasMessageContaining("namespace");
    }

    @Test
    void noNamespacedCollectionSharesOrMatchesAClusterCollectionsNames() {
        LocalDate day = LocalDate.of(2026, 1, 5);
        CollectionRef cluster = CollectionRef.cluster("web");
        // the namespaces and names most likely to collide: the word itself and pieces of the cluster names
        for (String namespace : new String[] {"cluster", "kelp", "web", "cluster-web", "c"}) {
            for (String name : new String[] {"web", "cluster", "cluster-web", "dlq"}) {
                CollectionRef namespaced = new CollectionRef(namespace, name);
                assertThat(namespaced.clusterScoped()).isFalse();
                assertThat(namespaced.topic()).isNotEqualTo(cluster.topic()).isNotEqualTo(cluster.deadLetterTopic());
                assertThat(namespaced.deadLetterTopic()).isNotEqualTo(cluster.topic());
                assertThat(namespaced.consumerGroup()).isNotEqualTo(cluster.consumerGroup());
                assertThat(namespaced.taskKey()).isNotEqualTo(cluster.taskKey());
                assertThat(namespaced.indexTemplateName()).isNotEqualTo(cluster.indexTemplateName());
                assertThat(cluster.indexFor(day)).doesNotStartWith(namespaced.indexPrefix());
                assertThat(namespaced.indexFor(day)).doesNotStartWith(cluster.indexPrefix());
                // Kafka treats '.' and '_' alike in metric names and refuses topics that collide that way
                assertThat(namespaced.topic().replace('.', '_')).isNotEqualTo(cluster.topic().replace('.', '_'));
            }
        }
        // every namespaced index starts kelp-[a-z0-9]; every cluster one kelp-_ (and never with '_', which ES forbids)
        assertThat(cluster.indexPrefix()).startsWith("kelp-_").doesNotStartWith("_");
    }

    @Test
    void deadLetterTopicIsTheTopicWithDlqSuffix() {
        assertThat(new CollectionRef("shop", "web").deadLetterTopic()).isEqualTo("kelp.shop.web.dlq");
    }
}
