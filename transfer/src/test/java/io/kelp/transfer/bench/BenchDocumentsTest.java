package io.kelp.transfer.bench;

import io.kelp.testkit.EventBatchRecords;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchDocumentsTest {

    /** The raw loader sends {@code document(seq)}; the transfer what it expands from the records: the same bytes. */
    @Test
    void rawLoaderDocumentsAreByteForByteWhatTheTransferExpandsFromThePackedRecords() {
        EventBatchRecords.Writer writer = new EventBatchRecords.Writer(BenchDocuments.sharedObject(),
                BenchDocuments.RECORD_VALUE_BYTES);
        Map<String, String> expanded = new LinkedHashMap<>();
        int filled = 0;
        for (long seq = 0; seq < 1000; seq++) {
            EventBatchRecords.Value full = writer.add(BenchDocuments.id(seq), BenchDocuments.event(seq),
                    BenchDocuments.timestamp(seq));
            if (full != null) {
                expanded.putAll(EventBatchRecords.documents(full.bytes()));
                filled++;
            }
        }
        expanded.putAll(EventBatchRecords.documents(writer.flush().bytes()));

        assertThat(filled).as("records filled up to 32 KiB").isGreaterThan(1);
        assertThat(expanded).hasSize(1000);
        for (long seq = 0; seq < 1000; seq++) {
            assertThat(expanded.get(BenchDocuments.id(seq)))
                    .isEqualTo(new String(BenchDocuments.document(seq), StandardCharsets.UTF_8));
        }
    }
}
