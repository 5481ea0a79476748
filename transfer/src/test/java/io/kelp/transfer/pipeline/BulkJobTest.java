package io.kelp.transfer.pipeline;

import io.kelp.transfer.bulk.Backoff;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery rules of one batch, against a scripted {@link BulkSender}. What Elasticsearch really
 * answers is covered by the ITs; this pins down what the job does with each kind of answer.
 */
class BulkJobTest {

    private static final long T = 1_763_700_000_000L;

    /** Answers each request with a function of the ids in its body, and remembers the requests. */
    private static class ScriptedSender implements BulkSender {
        final List<List<String>> requests = new ArrayList<>();
        final Deque<Function<List<String>, Reply>> script = new ArrayDeque<>();

        @Override
        public Reply send(byte[] body, int length) {
            List<String> ids = new ArrayList<>();
            for (String line : new String(body, 0, length, StandardCharsets.UTF_8).split("\n")) {
                int at = line.indexOf("\"_id\":\"");
                if (at >= 0) {
                    ids.add(line.substring(at + 7, line.indexOf('"', at + 7)));
                }
            }
            requests.add(ids);
            return script.isEmpty() ? allCreated(ids) : script.poll().apply(ids);
        }
    }

    private static final class CollectingDeadLetters implements DeadLetters {
        final List<Letter> letters = new ArrayList<>();

        @Override
        public void publish(List<Letter> batch) {
            letters.addAll(batch);
        }
    }

    private static BulkSender.Reply allCreated(List<String> ids) {
        return new BulkSender.Reply(200, "{\"errors\":false,\"items\":[]}".getBytes(StandardCharsets.UTF_8));
    }

    private static BulkSender.Reply items(List<String> ids, Function<String, String> itemFor) {
        StringBuilder json = new StringBuilder("{\"errors\":true,\"items\":[");
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"index\":").append(itemFor.apply(ids.get(i))).append('}');
        }
        return new BulkSender.Reply(200, json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Batch batch(String... ids) {
        Batcher batcher = new Batcher(TransferSettings.defaults(), "i_");
        for (int i = 0; i < ids.length; i++) {
            batcher.add(new ConsumerRecord<>("t", 0, i, T, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                    0, 0, ids[i].getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                    new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()), 0);
        }
        return batcher.sealIfLingered(Long.MAX_VALUE / 2);
    }

    private static Batch deliver(Batch batch, BulkSender sender, DeadLetters deadLetters, AtomicBoolean stop) {
        new BulkJob(batch, sender, deadLetters, new Backoff(1, 2, new SplittableRandom(1)), TransferMetrics.NONE,
                stop::get, b -> { }).run();
        return batch;
    }

    @Test
    void retriesOnlyTheItemsAnswered429Or5xx() {
        ScriptedSender sender = new ScriptedSender();
        sender.script.add(ids -> items(ids, id -> id.equals("b") ? "{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\"}}"
                : id.equals("c") ? "{\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\"}}" : "{\"status\":201}"));
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        Batch batch = deliver(batch("a", "b", "c", "d"), sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).containsExactly(List.of("a", "b", "c", "d"), List.of("b", "c"));
        assertThat(dlq.letters).isEmpty();
    }

    @Test
    void deadLettersRefusedItemsAndDeliversTheRest() {
        ScriptedSender sender = new ScriptedSender();
        sender.script.add(ids -> items(ids, id -> id.equals("b")
                ? "{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"bad\"}}" : "{\"status\":201}"));
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        Batch batch = deliver(batch("a", "b", "c"), sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).hasSize(1);
        assertThat(dlq.letters).extracting(l -> new String(l.key(), StandardCharsets.UTF_8)).containsExactly("b");
        assertThat(dlq.letters.get(0).error().errorReason()).isEqualTo("bad");
    }

    @Test
    void resendsTheWholeRequestWhenElasticsearchIsUnavailable() {
        ScriptedSender sender = new ScriptedSender();
        sender.script.add(ids -> new BulkSender.Reply(503, "{}".getBytes(StandardCharsets.UTF_8)));
        sender.script.add(ids -> new BulkSender.Reply(429, "{}".getBytes(StandardCharsets.UTF_8)));

        Batch batch = deliver(batch("a", "b"), sender, new CollectingDeadLetters(), new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).containsExactly(List.of("a", "b"), List.of("a", "b"), List.of("a", "b"));
    }

    @Test
    void splitsARefusedRequestUntilTheCulpritIsAloneAndDeadLettersOnlyIt() {
        ScriptedSender sender = new ScriptedSender() {
            @Override
            public Reply send(byte[] body, int length) {
                Reply reply = super.send(body, length);
                List<String> ids = requests.get(requests.size() - 1);
                return ids.contains("c") ? new Reply(400, "{\"error\":\"bad action\"}".getBytes(StandardCharsets.UTF_8)) : reply;
            }
        };
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        Batch batch = deliver(batch("a", "b", "c", "d"), sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(dlq.letters).extracting(l -> new String(l.key(), StandardCharsets.UTF_8)).containsExactly("c");
        assertThat(dlq.letters.get(0).error().status()).isEqualTo(400);
        assertThat(sender.requests).contains(List.of("a", "b"), List.of("d"));
    }

    @Test
    void recordsThatCannotBeSentAreDeadLetteredWithoutARequest() {
        ScriptedSender sender = new ScriptedSender();
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        Batch batch = deliver(batch("ok", "bad\nid"), sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).containsExactly(List.of("ok"));
        assertThat(dlq.letters).extracting(l -> l.error().errorType()).containsExactly("invalid_record_key");
    }

    @Test
    void refusedEventIsDeadLetteredWithItsIdAndMergedDocumentWhileItsSiblingsAreIndexed() {
        Batcher batcher = new Batcher(TransferSettings.defaults(), "i_");
        batcher.add(BatcherTest.events(0, 0, T, "e-1 {\"m\":1}", "e-2 {\"m\":\"x\"}", "e-3 {\"m\":3}"), 0);
        batcher.add(BatcherTest.record(0, 1, "plain", "{\"m\":4}", T), 0);
        Batch batch = batcher.sealIfLingered(Long.MAX_VALUE / 2);
        ScriptedSender sender = new ScriptedSender();
        sender.script.add(ids -> items(ids, id -> id.equals("e-2")
                ? "{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"m\"}}"
                : "{\"status\":201}"));
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        deliver(batch, sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).containsExactly(List.of("e-1", "e-2", "e-3", "plain"));
        assertThat(dlq.letters).singleElement().satisfies(l -> {
            assertThat(new String(l.key(), StandardCharsets.UTF_8)).isEqualTo("e-2");
            assertThat(new String(l.value(), StandardCharsets.UTF_8)).isEqualTo("{\"m\":\"x\",\"host.name\":\"n1\"}");
            assertThat(l.error().errorType()).isEqualTo("document_parsing_exception");
            assertThat(l.source().offset()).isZero();
        });
    }

    @Test
    void malformedEventLinesAreDeadLetteredBeforeTheRestIsSent() {
        Batcher batcher = new Batcher(TransferSettings.defaults(), "i_");
        batcher.add(BatcherTest.events(0, 0, T, "e-1 {}", "e-2 [not an object]"), 0);
        ScriptedSender sender = new ScriptedSender();
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        Batch batch = deliver(batcher.sealIfLingered(Long.MAX_VALUE / 2), sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).containsExactly(List.of("e-1"));
        assertThat(dlq.letters).extracting(l -> new String(l.value(), StandardCharsets.UTF_8))
                .containsExactly("e-2 [not an object]");
    }

    @Test
    void aBatchWithOnlyDeadLettersIsDeliveredWithoutARequest() {
        Batcher batcher = new Batcher(TransferSettings.defaults(), "i_");
        batcher.add(BatcherTest.events(0, 0, T, "only garbage"), 0);
        ScriptedSender sender = new ScriptedSender();
        CollectingDeadLetters dlq = new CollectingDeadLetters();

        Batch batch = deliver(batcher.sealIfLingered(Long.MAX_VALUE / 2), sender, dlq, new AtomicBoolean());

        assertThat(batch.delivered).isTrue();
        assertThat(sender.requests).isEmpty();
        assertThat(dlq.letters).hasSize(1);
    }

    @Test
    void stopsRetryingAndLeavesTheBatchUndeliveredOnShutdown() {
        AtomicBoolean stop = new AtomicBoolean();
        ScriptedSender sender = new ScriptedSender();
        for (int i = 0; i < 3; i++) {
            sender.script.add(ids -> new BulkSender.Reply(503, new byte[0]));
        }
        sender.script.add(ids -> {
            stop.set(true);
            return new BulkSender.Reply(503, new byte[0]);
        });

        Batch batch = deliver(batch("a"), sender, new CollectingDeadLetters(), stop);

        assertThat(batch.delivered).isFalse();
        assertThat(sender.requests).hasSize(4);
    }
}
