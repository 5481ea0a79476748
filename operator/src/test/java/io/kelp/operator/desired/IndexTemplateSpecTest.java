package io.kelp.operator.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kelp.api.v1alpha1.LogCollection;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexTemplateSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void templateAppliesToTheCollectionsDailyIndicesOnly() throws Exception {
        IndexTemplateSpec template = DesiredState.of(Collections.collection("shop", "web", 1)).indexTemplate();
        JsonNode body = JSON.readTree(template.bodyJson());

        assertThat(template.name()).isEqualTo("kelp-shop_web");
        assertThat(body.path("index_patterns").get(0).asText()).isEqualTo("kelp-shop_web_*");
        assertThat(body.path("priority").asInt()).isGreaterThan(100);
    }

    @Test
    void shardsAndReplicasComeFromTheSpec() throws Exception {
        LogCollection web = Collections.collection("shop", "web", 1);
        web.getSpec().getElasticsearch().setShards(4);
        web.getSpec().getElasticsearch().setReplicas(0);

        JsonNode settings = JSON.readTree(DesiredState.of(web).indexTemplate().bodyJson()).path("template").path("settings");

        assertThat(settings.path("number_of_shards").asInt()).isEqualTo(4);
        assertThat(settings.path("number_of_replicas").asInt()).isEqualTo(0);
    }

    @Test
    void recordFieldsAreMappedByWhatTheyAreSearchedFor() throws Exception {
        JsonNode properties = JSON.readTree(DesiredState.of(Collections.collection("shop", "web", 1))
                .indexTemplate().bodyJson()).path("template").path("mappings").path("properties");

        assertThat(properties.path("@timestamp").path("type").asText()).isEqualTo("date");
        assertThat(properties.path("message").path("type").asText()).isEqualTo("text");
        assertThat(properties.path("stream").path("type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/log/properties/level/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/log/properties/offset/type").asText()).isEqualTo("long");
        assertThat(properties.at("/host/properties/name/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/kubernetes/properties/namespace/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/kubernetes/properties/pod/properties/name/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/kubernetes/properties/container/properties/name/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/kubernetes/properties/node/properties/name/type").asText()).isEqualTo("keyword");
    }

    @Test
    void hashIsStableForTheSameSpecAndChangesWithIt() {
        LogCollection web = Collections.collection("shop", "web", 1);
        String first = DesiredState.of(web).indexTemplate().hash();
        String again = DesiredState.of(Collections.collection("shop", "web", 7)).indexTemplate().hash();
        web.getSpec().getElasticsearch().setReplicas(2);
        String changed = DesiredState.of(web).indexTemplate().hash();

        assertThat(again).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void bodyCarriesItsOwnHashInMeta() throws Exception {
        IndexTemplateSpec template = DesiredState.of(Collections.collection("shop", "web", 1)).indexTemplate();

        assertThat(JSON.readTree(template.bodyJson()).path("_meta").path(IndexTemplateSpec.HASH_KEY).asText())
                .isEqualTo(template.hash());
    }

    @Test
    void extraMappingsAreAddedBesideKelpsFields() throws Exception {
        LogCollection web = Collections.collection("shop", "web", 1);
        web.getSpec().getElasticsearch().setExtraMappings(Map.of("http.status", "long", "user", "keyword"));

        JsonNode properties = JSON.readTree(DesiredState.of(web).indexTemplate().bodyJson())
                .path("template").path("mappings").path("properties");

        assertThat(properties.at("/http/properties/status/type").asText()).isEqualTo("long");
        assertThat(properties.at("/user/type").asText()).isEqualTo("keyword");
        assertThat(properties.at("/message/type").asText()).isEqualTo("text");
    }

    @Test
    void podLabelsAreOneFlatObjectOfKeywordsAndFlagsAreKeywords() throws Exception {
        JsonNode mappings = JSON.readTree(DesiredState.of(Collections.collection("shop", "web", 1))
                .indexTemplate().bodyJson()).path("template").path("mappings");
        JsonNode labels = mappings.path("properties").path("kubernetes").path("properties").path("labels");

        // the agent writes app_kubernetes_io/name for app.kubernetes.io/name; subobjects=false keeps
        // any dotted key that still arrives from splitting into objects that clash with a plain "app"
        assertThat(labels.path("type").asText()).isEqualTo("object");
        assertThat(labels.path("subobjects").asBoolean(true)).isFalse();
        JsonNode dynamic = mappings.path("dynamic_templates").get(0).path("labels_as_keywords");
        assertThat(dynamic.path("path_match").asText()).isEqualTo("kubernetes.labels.*");
        assertThat(dynamic.path("mapping").path("type").asText()).isEqualTo("keyword");
        assertThat(mappings.path("properties").path("kelp").path("properties").path("flags").path("type").asText())
                .isEqualTo("keyword");
    }

    @Test
    void clusterCollectionTemplateCoversOnlyItsOwnIndices() throws Exception {
        io.kelp.api.v1alpha1.ClusterLogCollection nodes = Collections.clusterCollection("web", 1);
        nodes.getSpec().setHostPaths(java.util.List.of("/var/log/*.log"));
        JsonNode body = JSON.readTree(DesiredState.of(nodes).indexTemplate().bodyJson());

        assertThat(body.path("index_patterns").get(0).asText()).isEqualTo("kelp-_cluster_web_*");
        assertThat("kelp-shop_web_2026.01.05").doesNotStartWith("kelp-_cluster_web_");
    }
}
