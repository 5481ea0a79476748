package io.kelp.transfer.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.testkit.EventBatchRecords;
import io.kelp.testkit.KelpServers;
import io.kelp.transfer.TransferRuntime;
import io.kelp.transfer.pipeline.TransferMetrics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.kelp.transfer.it.Fixture.await;
import static io.kelp.transfer.it.Fixture.count;
import static io.kelp.transfer.it.Fixture.seqSum;
import static org.assertj.core.api.Assertions.assertThat;

/** Records in a collection's topic end up, exactly once, in its daily indices: one-document and event-batch records. */
class TransferIT {

    private static TransferRuntime transfer(CollectionRef ref) {
        return new TransferRuntime(ref, Fixture.endpoints(), Fixture.settings(), TransferMetrics.NONE).start();
    }

    @Test
    void indexesRecordsIntoTheirDailyIndexWithTheRecordIdAsDocumentId() {
        CollectionRef ref = Fixture.newCollection("daily");
        Fixture.createTopic(ref, 3);
        Fixture.putTask(ref);
        Fixture.produce(ref, 0, 1000, Fixture::twoDays);

        try (TransferRuntime ignored = transfer(ref)) {
            await("1000 documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 1000);
        }

        assertThat(count(ref.indexPrefix() + "2026.11.20")).isEqualTo(500);
        assertThat(count(ref.indexPrefix() + "2026.11.21")).isEqualTo(500);
        assertThat(seqSum(ref.indexPattern())).isEqualTo(999L * 1000 / 2);
        JsonNode doc = Fixture.document(ref.indexPrefix() + "2026.11.21", Fixture.recordId(7));
        assertThat(doc.path("found").asBoolean()).isTrue();
        assertThat(doc.path("_source").path("message").asText()).isEqualTo("line 7");
    }

    @Test
    void reconsumingAndResentRecordsCreateNoDuplicates() throws Exception {
        CollectionRef ref = Fixture.newCollection("replay");
        Fixture.createTopic(ref, 2);
        Fixture.putTask(ref);
        Fixture.produce(ref, 0, 600, Fixture::twoDays);
        try (TransferRuntime ignored = transfer(ref)) {
            await("600 documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 600);
        }

        // forget the group's offsets: the next transfer reads everything again
        KelpServers.kafka().admin().deleteConsumerGroups(List.of(ref.consumerGroup())).all().get();
        // and the agent re-sends lines it had already sent (after its own crash)
        Fixture.produce(ref, 300, 600, Fixture::twoDays);
        try (TransferRuntime ignored = transfer(ref)) {
            await("the re-read records committed", Duration.ofSeconds(60), () -> Fixture.committedTotal(ref) == 900);
        }

        assertThat(count(ref.indexPattern())).isEqualTo(600);
        assertThat(seqSum(ref.indexPattern())).isEqualTo(599L * 600 / 2);
    }

    @Test
    void indexesEachEventOfAnEventBatchRecordWithItsIdAndMergedDocumentAndAReplayDuplicatesNothing() throws Exception {
        CollectionRef ref = Fixture.newCollection("events");
        Fixture.createTopic(ref, 1);
        Fixture.putTask(ref);
        EventBatchRecords.Writer writer = new EventBatchRecords.Writer(Fixture.SHARED_FIELDS, 32 * 1024);
        for (long seq = 0; seq < 5; seq++) {
            assertThat(writer.add(Fixture.recordId(seq), Fixture.document(seq, Fixture.DAY_ONE + seq), Fixture.DAY_ONE + seq))
                    .as("all five events in one record").isNull();
        }
        ProducerRecord<byte[], byte[]> record = writer.flush().toRecord(ref.topic());
        Fixture.send(ref, List.of(record));

        try (TransferRuntime ignored = transfer(ref)) {
            await("5 documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 5);
            await("the record committed", Duration.ofSeconds(30), () -> Fixture.committedTotal(ref) == 1);
        }
        for (long seq = 0; seq < 5; seq++) {
            JsonNode doc = Fixture.document(ref.indexPrefix() + "2026.11.20", Fixture.recordId(seq));
            assertThat(doc.path("found").asBoolean()).as("document %s", Fixture.recordId(seq)).isTrue();
            assertThat(doc.path("_source"))
                    .isEqualTo(Fixture.JSON.readTree(Fixture.mergedDocument(seq, Fixture.DAY_ONE + seq)));
        }

        // the group's offsets forgotten and the agent re-sending the same record after its own crash
        KelpServers.kafka().admin().deleteConsumerGroups(List.of(ref.consumerGroup())).all().get();
        Fixture.send(ref, List.of(record));
        try (TransferRuntime ignored = transfer(ref)) {
            await("both copies of the record committed", Duration.ofSeconds(60), () -> Fixture.committedTotal(ref) == 2);
        }
        assertThat(count(ref.indexPattern())).isEqualTo(5);
        assertThat(seqSum(ref.indexPattern())).isEqualTo(0 + 1 + 2 + 3 + 4);
    }

    @Test
    void rawCarriageReturnBetweenTokensOfAnEventIsIndexedSinceBulkSplitsLinesAtLineFeedsOnly() throws Exception {
        CollectionRef ref = Fixture.newCollection("cr");
        Fixture.createTopic(ref, 1);
        Fixture.putTask(ref);
        EventBatchRecords.Writer writer = new EventBatchRecords.Writer(Fixture.SHARED_FIELDS, 32 * 1024);
        String event = Fixture.document(0, Fixture.DAY_ONE).replaceFirst("\\{", "{\r");
        writer.add(Fixture.recordId(0), event, Fixture.DAY_ONE);
        Fixture.send(ref, List.of(writer.flush().toRecord(ref.topic())));

        try (TransferRuntime ignored = transfer(ref)) {
            await("the document", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 1);
        }
        assertThat(Fixture.document(ref.indexPrefix() + "2026.11.20", Fixture.recordId(0)).path("_source"))
                .isEqualTo(Fixture.JSON.readTree(Fixture.mergedDocument(0, Fixture.DAY_ONE)));
    }

    @Test
    void waitsForItsTaskThenFollowsAnIndexPrefixChangeWithoutRestart() {
        CollectionRef ref = Fixture.newCollection("task");
        Fixture.createTopic(ref, 1);
        try (TransferRuntime transfer = transfer(ref)) {
            Fixture.sleep(1000);
            assertThat(transfer.consuming()).as("consuming without a task").isFalse();

            Fixture.putTask(ref);
            Fixture.produce(ref, 0, 10, seq -> Fixture.DAY_ONE);
            await("first documents", Duration.ofSeconds(30), () -> count(ref.indexPattern()) == 10);
            assertThat(transfer.consuming()).isTrue();

            String movedPrefix = "kelp-moved-" + ref.name() + "_";
            Fixture.putTask(ref, new CollectionTask.Sink(ref.topic(), movedPrefix));
            Fixture.sleep(500);
            Fixture.produce(ref, 10, 20, seq -> Fixture.DAY_ONE);
            await("documents in the new indices", Duration.ofSeconds(30), () -> count(movedPrefix + "*") == 10);
        }
        assertThat(count(ref.indexPattern())).isEqualTo(10);
    }

    @Test
    void indexesIntoASinkFixedByItsConfigurationWithoutEtcd() {
        CollectionRef ref = Fixture.newCollection("static");
        Fixture.createTopic(ref, 1);
        Fixture.produce(ref, 0, 50, seq -> Fixture.DAY_ONE);
        TransferRuntime.Endpoints noEtcd = new TransferRuntime.Endpoints(KelpServers.kafka().bootstrapServers(),
                KelpServers.elasticsearch().url(), null);

        try (TransferRuntime ignored = TransferRuntime.withStaticSink(ref, CollectionTask.Sink.of(ref), noEtcd,
                Fixture.settings(), TransferMetrics.NONE).start()) {
            await("50 documents", Duration.ofSeconds(60), () -> count(ref.indexPattern()) == 50);
        }
        assertThat(Fixture.seqSum(ref.indexPattern())).isEqualTo(49L * 50 / 2);
    }
}
