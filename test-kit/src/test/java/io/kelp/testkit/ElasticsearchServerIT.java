package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticsearchServerIT {

    private final ElasticsearchServer elasticsearch = KelpServers.elasticsearch();
    private final ElasticsearchClient client = elasticsearch.client();

    @Test
    void findsAnIndexedDocument() throws Exception {
        client.index(i -> i.index("testkit-search").id("1").document(Map.of("message", "hello kelp"))
                .refresh(Refresh.True));

        SearchResponse<Map> response = client.search(s -> s.index("testkit-search")
                .query(q -> q.match(m -> m.field("message").query("kelp"))), Map.class);

        assertThat(response.hits().hits()).hasSize(1);
        assertThat(response.hits().hits().get(0).id()).isEqualTo("1");
    }

    @Test
    void appliesAComposableIndexTemplateToNewIndices() throws Exception {
        client.indices().putIndexTemplate(t -> t.name("testkit-template").indexPatterns("testkit-tpl_*")
                .template(tt -> tt.settings(st -> st.numberOfShards("2").numberOfReplicas("0"))
                        .mappings(m -> m.properties("message", p -> p.text(x -> x)))));

        client.index(i -> i.index("testkit-tpl_2026.01.01").document(Map.of("message", "x")).refresh(Refresh.True));

        var settings = client.indices().getSettings(g -> g.index("testkit-tpl_2026.01.01"))
                .get("testkit-tpl_2026.01.01").settings().index();
        assertThat(settings.numberOfShards()).isEqualTo("2");
        assertThat(client.indices().existsIndexTemplate(e -> e.name("testkit-template")).value()).isTrue();
    }

    @Test
    void keepsDataAndUrlAcrossStopAndStart() throws Exception {
        client.index(i -> i.index("testkit-durable").id("d").document(Map.of("message", "kept"))
                .refresh(Refresh.True));
        String url = elasticsearch.url();

        elasticsearch.stop();
        assertThat(elasticsearch.isRunning()).isFalse();
        elasticsearch.start();

        assertThat(elasticsearch.url()).isEqualTo(url);
        assertThat(client.get(g -> g.index("testkit-durable").id("d"), Map.class).found()).isTrue();
    }
}
