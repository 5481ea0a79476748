package io.kelp.transfer.bulk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkResponseParserTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noErrorsMeansEveryItemIndexedWithoutReadingItems() throws IOException {
        assertThat(BulkResponseParser.parse(utf8("{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}"), 1))
                .isNull();
    }

    @Test
    void readsPerItemStatusAndErrorInRequestOrder() throws IOException {
        String response = """
                {"errors":true,"items":[
                  {"index":{"status":201}},
                  {"index":{"status":400,"error":{"type":"document_parsing_exception",
                     "reason":"[1:12] failed to parse","caused_by":{"type":"x","reason":"y"}}}},
                  {"index":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"queue full"}}}
                ]}""";
        List<ItemResult> items = BulkResponseParser.parse(utf8(response), 3);
        assertThat(items).containsExactly(
                new ItemResult(201, null, null),
                new ItemResult(400, "document_parsing_exception", "[1:12] failed to parse"),
                new ItemResult(429, "es_rejected_execution_exception", "queue full"));
        assertThat(items).extracting(ItemResult::outcome)
                .containsExactly(ItemOutcome.INDEXED, ItemOutcome.DEAD_LETTER, ItemOutcome.RETRY);
    }

    @Test
    void itemCountMismatchIsAnError() {
        assertThatThrownBy(() -> BulkResponseParser.parse(
                utf8("{\"errors\":true,\"items\":[{\"index\":{\"status\":201}}]}"), 2))
                .isInstanceOf(IOException.class).hasMessageContaining("1 items for 2");
    }

    @Test
    void somethingElseThanABulkResponseIsAnError() {
        assertThatThrownBy(() -> BulkResponseParser.parse(utf8("[1,2]"), 2)).isInstanceOf(IOException.class);
    }
}
