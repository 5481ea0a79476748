package io.kelp.agent.record;

import io.kelp.agent.parse.LogEvent;
import io.kelp.contract.EventBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The document the transfer would index for one event, encoded the way the agent ships it. */
final class EncodedDocument {

    private EncodedDocument() {
    }

    static byte[] of(RecordEncoder encoder, SourceFields fields, LogEvent event) {
        EventBatchWriter batch = new EventBatchWriter(1 << 20);
        encoder.encode(event, batch.nextEvent());
        batch.append(fields.encode(), 42, event.offset, event.resumeOffset, encoder.lastEpochMillis());
        byte[] value = batch.value();
        List<int[]> objects = new ArrayList<>();
        int sharedTo = EventBatch.read(value, new EventBatch.Visitor() {
            @Override
            public void event(int idFrom, int idTo, int objectFrom, int objectTo) {
                objects.add(new int[] {objectFrom, objectTo});
            }

            @Override
            public void malformed(int lineFrom, int lineTo, String why) {
                throw new AssertionError("the agent wrote a malformed event line: " + why);
            }
        });
        if (sharedTo < 0 || objects.size() != 1) {
            throw new AssertionError("expected one event in " + new String(value, StandardCharsets.UTF_8));
        }
        return EventBatch.document(value, objects.get(0)[0], objects.get(0)[1], sharedTo);
    }
}
