package io.kelp.agent.record;

import io.kelp.agent.parse.LogEvent;
import io.kelp.testkit.EventBatchRecords;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The document the transfer would index for one event, encoded the way the agent ships it. */
final class EncodedDocument {

    private EncodedDocument() {
    }

    static byte[] of(RecordEncoder encoder, SourceFields fields, LogEvent event) {
        EventBatchWriter batch = new EventBatchWriter(1 << 20);
        encoder.encode(event, batch.nextEvent());
        batch.append(fields.encode(), 42, event.offset, event.resumeOffset, encoder.lastEpochMillis());
        Map<String, String> documents = EventBatchRecords.documents(batch.value());
        if (documents.size() != 1) {
            throw new AssertionError("expected one event, got " + documents);
        }
        return documents.values().iterator().next().getBytes(StandardCharsets.UTF_8);
    }
}
