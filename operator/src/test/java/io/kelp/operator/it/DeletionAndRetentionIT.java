package io.kelp.operator.it;

import io.kelp.api.v1alpha1.DeletionPolicy;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.IndexDay;
import io.kelp.testkit.KelpServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kelp.operator.it.LogCollectionReconcilerIT.collection;
import static io.kelp.operator.it.LogCollectionReconcilerIT.create;
import static org.assertj.core.api.Assertions.assertThat;

/** Deletion policies, index retention and topic configs against real Kafka, etcd and Elasticsearch. */
@QuarkusTest
@WithTestResource(RealServers.class)
class DeletionAndRetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void deletePolicyRemovesTopicTemplateAndIndicesWithTheCollection() throws Exception {
        LogCollection doomed = collection("it-policy", "doomed");
        doomed.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
        create(doomed);
        CollectionRef ref = new CollectionRef("it-policy", "doomed");
        awaitReady("it-policy", "doomed");
        createIndex(ref.indexFor(today()));

        delete("it-policy", "doomed");

        Eventually.within(WAIT, () -> assertThat(Probes.read("it-policy", "doomed")).isNull());
        assertThat(Probes.task(ref)).isEmpty();
        Eventually.within(WAIT, () -> assertThat(topicExists(ref.topic())).isFalse());
        assertThat(Probes.indexTemplateExists(ref.indexTemplateName())).isFalse();
        assertThat(indexExists(ref.indexFor(today()))).isFalse();
    }

    @Test
    void retainPolicyKeepsTopicTemplateAndIndicesButWithdrawsTheTask() throws Exception {
        create(collection("it-policy", "kept"));
        CollectionRef ref = new CollectionRef("it-policy", "kept");
        awaitReady("it-policy", "kept");
        createIndex(ref.indexFor(today()));

        delete("it-policy", "kept");

        Eventually.within(WAIT, () -> assertThat(Probes.read("it-policy", "kept")).isNull());
        assertThat(Probes.task(ref)).isEmpty();
        assertThat(topicExists(ref.topic())).isTrue();
        assertThat(Probes.indexTemplateExists(ref.indexTemplateName())).isTrue();
        assertThat(indexExists(ref.indexFor(today()))).isTrue();
    }

    @Test
    void indicesOlderThanTheRetentionAreDeletedAndRecentOnesKept() throws Exception {
        CollectionRef ref = new CollectionRef("it-retention", "web");
        String old = ref.indexFor(today().minusDays(3));
        String recent = ref.indexFor(today().minusDays(1));
        createIndex(old);
        createIndex(recent);
        LogCollection web = collection("it-retention", "web");
        web.getSpec().getElasticsearch().setRetentionDays(2);
        create(web);

        Eventually.within(WAIT, () -> assertThat(indexExists(old)).isFalse());
        assertThat(indexExists(recent)).isTrue();
    }

    @Test
    void topicConfigsFollowTheSpec() throws Exception {
        LogCollection web = collection("it-configs", "web");
        web.getSpec().getKafka().setRetentionMs(7_200_000L);
        create(web);
        awaitReady("it-configs", "web");
        assertThat(topicConfig("kelp.it-configs.web", "retention.ms")).isEqualTo("7200000");

        Eventually.within(WAIT, () -> KelpServers.kubernetes().client().resources(LogCollection.class)
                .inNamespace("it-configs").withName("web").edit(c -> {
                    c.getSpec().getKafka().setRetentionMs(3_600_000L);
                    c.getSpec().getKafka().setCompression("zstd");
                    return c;
                }));

        Eventually.within(WAIT, () -> assertThat(topicConfig("kelp.it-configs.web", "retention.ms")).isEqualTo("3600000"));
        assertThat(topicConfig("kelp.it-configs.web", "compression.type")).isEqualTo("zstd");
    }

    private static void awaitReady(String namespace, String name) {
        Eventually.within(WAIT, () -> assertThat(Probes.condition(namespace, name, "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True")));
    }

    private static void delete(String namespace, String name) {
        KelpServers.kubernetes().client().resources(LogCollection.class).inNamespace(namespace).withName(name).delete();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static void createIndex(String index) throws Exception {
        KelpServers.elasticsearch().client().indices().create(b -> b.index(index));
    }

    private static boolean indexExists(String index) {
        try {
            return KelpServers.elasticsearch().client().indices().exists(b -> b.index(index)).value();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean topicExists(String topic) {
        try {
            return Probes.topic(topic).isPresent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String topicConfig(String topic, String key) {
        try {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = KelpServers.kafka().admin().describeConfigs(List.of(resource)).all()
                    .get(5, TimeUnit.SECONDS).get(resource);
            return config.get(key).value();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
