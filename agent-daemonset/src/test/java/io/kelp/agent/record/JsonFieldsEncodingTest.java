package io.kelp.agent.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kelp.agent.parse.LogEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Records of tasks with {@code parse.jsonFields}: JSON object lines become fields, everything else stays text. */
class JsonFieldsEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRI_TIME = "2024-05-01T10:00:00.123456789Z";

    private static final SourceFields FIELDS = new SourceFields("shop/web", "/var/log/pods/x/0.log",
            "node-a", "shop", "web-1", "u1", "app", "node-a", Map.of("app", "web"));
    private final RecordEncoder encoder = new RecordEncoder(true);

    private static LogEvent event(byte[] message) {
        LogEvent e = new LogEvent();
        e.message = message;
        e.messageStart = 0;
        e.messageEnd = message.length;
        byte[] ts = CRI_TIME.getBytes(StandardCharsets.US_ASCII);
        e.timestamp = ts;
        e.timestampStart = 0;
        e.timestampEnd = ts.length;
        e.epochMillis = Instant.parse(CRI_TIME).toEpochMilli();
        e.stream = "stdout";
        e.offset = 77;
        return e;
    }

    private JsonNode encode(String line) throws Exception {
        return JSON.readTree(EncodedDocument.of(encoder, FIELDS, event(line.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void liftsMessageLevelAndTimeAndKeepsTheRestUnderJson() throws Exception {
        JsonNode doc = encode("{\"time\":\"2024-06-01T08:30:00.5+02:00\",\"level\":\"WARNING\",\"msg\":\"disk \\\"/\\\" at 91%\","
                + "\"user\":{\"id\":42,\"roles\":[\"admin\",\"dev\"]},\"latency_ms\":12.5,\"ok\":false,\"trace\":null}");
        assertThat(doc.get("message").asText()).isEqualTo("disk \"/\" at 91%");
        assertThat(doc.get("log.level").asText()).isEqualTo("warn");
        assertThat(doc.get("@timestamp").asText()).isEqualTo("2024-06-01T08:30:00.5+02:00");
        assertThat(encoder.lastEpochMillis()).isEqualTo(Instant.parse("2024-06-01T06:30:00.5Z").toEpochMilli());
        ObjectNode expected = (ObjectNode) JSON.readTree(
                "{\"user\":{\"id\":42,\"roles\":[\"admin\",\"dev\"]},\"latency_ms\":12.5,\"ok\":false,\"trace\":null}");
        assertThat(doc.get("json")).isEqualTo(expected);
        assertThat(doc.get("kubernetes.pod.name").asText()).isEqualTo("web-1");
        assertThat(doc.get("log.offset").asLong()).isEqualTo(77);
        assertThat(doc.has("kelp.flags")).isFalse();
        assertThat(encoder.lastFound()).isEqualTo(RecordEncoder.FOUND_JSON_PARSED);
    }

    @Test
    void objectWithoutWellKnownKeysKeepsTheLineAsMessageAndTheEventTime() throws Exception {
        String line = "{\"remote\":\"10.0.0.1\",\"path\":\"/items\",\"status\":200}";
        JsonNode doc = encode(line);
        assertThat(doc.get("message").asText()).isEqualTo(line);
        assertThat(doc.get("@timestamp").asText()).isEqualTo(CRI_TIME);
        assertThat(encoder.lastEpochMillis()).isEqualTo(Instant.parse(CRI_TIME).toEpochMilli());
        assertThat(doc.get("json").get("status").asInt()).isEqualTo(200);
        assertThat(doc.has("log.level")).isFalse();
    }

    @Test
    void ecsStyleKeysWinOverShortNamesWhichStayAsFields() throws Exception {
        JsonNode doc = encode("{\"msg\":\"short\",\"message\":\"long\",\"level\":\"debug\",\"log.level\":\"ERROR\","
                + "\"time\":\"2024-01-01T00:00:00Z\",\"@timestamp\":\"2024-02-02T00:00:00Z\"}");
        assertThat(doc.get("message").asText()).isEqualTo("long");
        assertThat(doc.get("log.level").asText()).isEqualTo("error");
        assertThat(doc.get("@timestamp").asText()).isEqualTo("2024-02-02T00:00:00Z");
        assertThat(doc.get("json")).isEqualTo(JSON.readTree(
                "{\"msg\":\"short\",\"level\":\"debug\",\"time\":\"2024-01-01T00:00:00Z\"}"));
    }

    @Test
    void valuesThatDoNotFitTheirEcsFieldStayAsFields() throws Exception {
        JsonNode doc = encode("{\"message\":{\"text\":\"structured\"},\"level\":99,\"time\":\"yesterday\",\"msg\":7}");
        assertThat(doc.get("message").asText()).startsWith("{\"message\"");
        assertThat(doc.get("@timestamp").asText()).isEqualTo(CRI_TIME);
        assertThat(doc.has("log.level")).isFalse();
        assertThat(doc.get("json")).isEqualTo(JSON.readTree(
                "{\"message\":{\"text\":\"structured\"},\"level\":99,\"time\":\"yesterday\",\"msg\":7}"));
    }

    @Test
    void numericPinoLevelsAndUnknownLevelNamesAreLowerCased() throws Exception {
        assertThat(encode("{\"level\":30,\"msg\":\"x\"}").get("log.level").asText()).isEqualTo("info");
        assertThat(encode("{\"level\":50,\"msg\":\"x\"}").get("log.level").asText()).isEqualTo("error");
        assertThat(encode("{\"severity\":\"NOTICE\",\"msg\":\"x\"}").get("log.level").asText()).isEqualTo("notice");
        assertThat(encode("{\"lvl\":\"Warn\",\"msg\":\"x\"}").get("log.level").asText()).isEqualTo("warn");
    }

    @Test
    void levelIsDetectedInTheLiftedMessageWhenNoLevelKeyIsPresent() throws Exception {
        assertThat(encode("{\"msg\":\"ERROR connection refused\"}").get("log.level").asText()).isEqualTo("error");
    }

    @Test
    void onlyTheLastOfDuplicateKeysIsWritten() throws Exception {
        byte[] bytes = EncodedDocument.of(encoder, FIELDS, event("{\"a\":1,\"msg\":\"first\",\"a\":2,\"msg\":\"second\"}"
                .getBytes(StandardCharsets.UTF_8)));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\"json\":{\"a\":2}").doesNotContain("first");
        assertThat(JSON.readTree(bytes).get("message").asText()).isEqualTo("second");
    }

    @Test
    void escapesAndUnicodeAreCopiedAsTheLineWroteThem() throws Exception {
        JsonNode doc = encode("{\"msg\":\"tab\\there \\u00e9 ünïcödé 😀 \\uD83D\\uDE00\",\"ключ\":\"中文\\n\",\"q\":\"\\\"\\\\\"}");
        assertThat(doc.get("message").asText()).isEqualTo("tab\there é ünïcödé 😀 😀");
        assertThat(doc.get("json").get("ключ").asText()).isEqualTo("中文\n");
        assertThat(doc.get("json").get("q").asText()).isEqualTo("\"\\");
    }

    @Test
    void objectWhoseFieldsAreAllLiftedHasNoJsonObject() throws Exception {
        JsonNode doc = encode("{\"msg\":\"only a message\"}");
        assertThat(doc.has("json")).isFalse();
        assertThat(encode("{}").has("json")).isFalse();
    }

    @Test
    void invalidJsonIsShippedAsTextFlaggedAndReported() throws Exception {
        JsonNode doc = encode("{\"msg\":\"cut in the mid");
        assertThat(doc.get("message").asText()).isEqualTo("{\"msg\":\"cut in the mid");
        assertThat(doc.has("json")).isFalse();
        assertThat(doc.get("kelp.flags").toString()).isEqualTo("[\"invalid_json\"]");
        assertThat(encoder.lastFound()).isEqualTo(RecordEncoder.FOUND_JSON_INVALID);
    }

    @Test
    void invalidUtf8InAJsonLineIsShippedAsTextWithBothFlags() throws Exception {
        byte[] line = {'{', '"', 'm', 's', 'g', '"', ':', '"', (byte) 0xFF, '"', '}'};
        JsonNode doc = JSON.readTree(EncodedDocument.of(encoder, FIELDS, event(line)));
        assertThat(doc.get("message").asText()).isEqualTo("{\"msg\":\"\uFFFD\"}");
        assertThat(doc.get("kelp.flags").toString()).isEqualTo("[\"invalid_utf8\",\"invalid_json\"]");
        assertThat(encoder.lastFound()).isEqualTo(RecordEncoder.FOUND_JSON_INVALID | RecordEncoder.FOUND_INVALID_UTF8);
    }

    @Test
    void plainTextIsShippedUnflaggedAndReportedAsNotJson() throws Exception {
        JsonNode doc = encode("INFO started in 2.1 s");
        assertThat(doc.get("message").asText()).isEqualTo("INFO started in 2.1 s");
        assertThat(doc.get("log.level").asText()).isEqualTo("info");
        assertThat(doc.has("kelp.flags")).isFalse();
        assertThat(encoder.lastFound()).isEqualTo(RecordEncoder.FOUND_NOT_JSON);
    }

    @Test
    void hugeJsonLineIsEncodedInFull() throws Exception {
        StringBuilder line = new StringBuilder("{\"msg\":\"big\"");
        for (int i = 0; i < 5_000; i++) {
            line.append(",\"f").append(i).append("\":[").append(i).append(",\"").append("v".repeat(40)).append("\"]");
        }
        line.append('}');
        JsonNode doc = encode(line.toString());
        assertThat(doc.get("json").size()).isEqualTo(5_000);
        assertThat(doc.get("json").get("f4999").get(1).asText()).hasSize(40);
    }

    @Test
    void encoderWithoutJsonFieldsLeavesJsonLinesAsText() throws Exception {
        RecordEncoder plain = new RecordEncoder(false);
        JsonNode doc = JSON.readTree(EncodedDocument.of(plain, new SourceFields("shop/web", "/p", "n", null, null, null,
                null, null, Map.of()), event("{\"msg\":\"x\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(doc.get("message").asText()).isEqualTo("{\"msg\":\"x\"}");
        assertThat(doc.has("json")).isFalse();
        assertThat(plain.lastFound()).isZero();
    }
}
