package io.kelp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local stack's second run relies on: servers started on a kept state dir find their data again. */
class KeptStateIT {

    @TempDir
    Path state;

    @Test
    void kafkaStartedAgainOnAKeptDirStillHasItsTopicAndRecords() throws Exception {
        try (KafkaServer first = KafkaServer.start(ServerDir.kept(state, "kafka"))) {
            first.createTopic("kept", 1);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", first.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "before the restart")).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaServer again = KafkaServer.start(ServerDir.kept(state, "kafka"))) {
            assertThat(again.admin().listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
            again.awaitLeaders("kept", java.time.Duration.ofSeconds(30));
            TopicPartition partition = new TopicPartition("kept", 0);
            long end = again.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).all()
                    .get(30, TimeUnit.SECONDS).get(partition).offset();
            assertThat(end).isEqualTo(1);
        }
    }

    @Test
    void etcdStartedAgainOnAKeptDirHasItsKeysAtTheSameAddress() throws Exception {
        ByteSequence key = ByteSequence.from("/kept/key", StandardCharsets.UTF_8);
        String endpoint;
        try (EtcdServer first = EtcdServer.launch(ServerDir.kept(state, "etcd"))) {
            endpoint = first.endpoint();
            first.client().getKVClient().put(key, ByteSequence.from("v", StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS);
        }
        try (EtcdServer again = EtcdServer.launch(ServerDir.kept(state, "etcd"))) {
            assertThat(again.endpoint()).isEqualTo(endpoint);
            var kvs = again.client().getKVClient().get(key).get(10, TimeUnit.SECONDS).getKvs();
            assertThat(kvs).extracting(kv -> kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo(List.of("v"));
        }
    }
}
