package io.kelp.transfer.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code _bulk} response, requested with {@link #FILTER_PATH} so it carries only what we
 * need. Items come back in request order, which is how results are matched to documents.
 *
 * <p>When {@code "errors":false} comes first (Elasticsearch writes it before {@code items}), the
 * items are not read at all: every document was stored.
 */
public final class BulkResponseParser {

    /** Keeps responses small: one status per item, type and reason only for failures. */
    public static final String FILTER_PATH = "errors,items.*.status,items.*.error.type,items.*.error.reason";

    private static final JsonFactory JSON = new JsonFactory();

    private BulkResponseParser() {
    }

    /**
     * Returns one result per item, or null when the response says there were no errors.
     *
     * @throws IOException when the body is not a bulk response or has another item count
     */
    public static List<ItemResult> parse(byte[] body, int expectedItems) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            List<ItemResult> items = null;
            boolean errors = true;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("errors".equals(field)) {
                    errors = value == JsonToken.VALUE_TRUE;
                    if (!errors) {
                        return null;
                    }
                } else if ("items".equals(field)) {
                    expect(value, JsonToken.START_ARRAY);
                    items = readItems(parser, expectedItems);
                } else {
                    parser.skipChildren();
                }
            }
            if (items == null || items.size() != expectedItems) {
                throw new IOException("bulk response has " + (items == null ? "no" : items.size())
                        + " items for " + expectedItems + " documents");
            }
            return items;
        }
    }

    private static List<ItemResult> readItems(JsonParser parser, int expected) throws IOException {
        List<ItemResult> items = new ArrayList<>(expected);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            // {"index": {"status": 201, "error": {...}}}: one field, named after the action
            expect(parser.nextToken(), JsonToken.FIELD_NAME);
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            items.add(readItem(parser));
            expect(parser.nextToken(), JsonToken.END_OBJECT);
        }
        return items;
    }

    private static ItemResult readItem(JsonParser parser) throws IOException {
        int status = -1;
        String type = null;
        String reason = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("status".equals(field)) {
                status = parser.getIntValue();
            } else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String errorField = parser.currentName();
                    parser.nextToken();
                    if ("type".equals(errorField)) {
                        type = parser.getValueAsString();
                    } else if ("reason".equals(errorField)) {
                        reason = parser.getValueAsString();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return new ItemResult(status, type, reason);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("malformed bulk response: expected " + expected + ", got " + actual);
        }
    }
}
