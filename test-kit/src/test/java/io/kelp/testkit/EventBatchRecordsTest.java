package io.kelp.testkit;

import io.kelp.contract.EventBatch;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBatchRecordsTest {

    private static final long DAY = 86_400_000L;
    private static final long T = 20_000 * DAY;

    @Test
    void packsEventsUpToTheSizeAndExpandsThemIntoMergedDocuments() {
        EventBatchRecords.Writer writer = new EventBatchRecords.Writer("{\"host.name\":\"n1\"}", 80);
        List<EventBatchRecords.Value> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EventBatchRecords.Value closed = writer.add("id-" + i, "{\"message\":\"line " + i + "\"}", T + i);
            if (closed != null) {
                values.add(closed);
            }
        }
        values.add(writer.flush());

        assertThat(writer.flush()).isNull();
        assertThat(values).allSatisfy(v -> assertThat(v.bytes().length).isLessThanOrEqualTo(80));
        assertThat(values).extracting(EventBatchRecords.Value::events).containsExactly(2, 2, 1);
        assertThat(values).extracting(EventBatchRecords.Value::firstId).containsExactly("id-0", "id-2", "id-4");
        assertThat(values).extracting(EventBatchRecords.Value::timestamp).containsExactly(T, T + 2, T + 4);
        assertThat(EventBatchRecords.documents(values.get(1).bytes())).containsExactly(
                Map.entry("id-2", "{\"message\":\"line 2\",\"host.name\":\"n1\"}"),
                Map.entry("id-3", "{\"message\":\"line 3\",\"host.name\":\"n1\"}"));
    }

    @Test
    void neverPacksEventsOfTwoUtcDaysIntoOneValue() {
        EventBatchRecords.Writer writer = new EventBatchRecords.Writer("{}", 32 * 1024);
        assertThat(writer.add("a", "{}", T + DAY - 1)).isNull();
        EventBatchRecords.Value closed = writer.add("b", "{}", T + DAY);

        assertThat(closed.events()).isEqualTo(1);
        assertThat(writer.flush().timestamp()).isEqualTo(T + DAY);
    }

    @Test
    void recordCarriesTheLayoutHeaderTheFirstIdAsKeyAndTheFirstEventTime() {
        EventBatchRecords.Writer writer = new EventBatchRecords.Writer("{}", 1024);
        writer.add("a-1", "{}", T);
        ProducerRecord<byte[], byte[]> record = writer.flush().toRecord("t");

        assertThat(EventBatch.isEventsLayout(record.headers().lastHeader(EventBatch.LAYOUT_HEADER).value())).isTrue();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("a-1");
        assertThat(record.timestamp()).isEqualTo(T);
    }

    @Test
    void expandingAMalformedValueThrows() {
        assertThatThrownBy(() -> EventBatchRecords.documents("{}\nno-space\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventBatchRecords.documents("a {}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
