package io.kelp.agent.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kelp.agent.parse.LogEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final SourceFields FIELDS = new SourceFields("shop/web", "/var/log/pods/shop_web-1_u1/nginx/0.log",
            "node-a", "shop", "web-1", "u1", "nginx", "node-a", Map.of("app", "web", "app.kubernetes.io/name", "x\"y"));
    private final RecordEncoder encoder = new RecordEncoder(false);

    private static LogEvent event(byte[] message) {
        LogEvent e = new LogEvent();
        e.message = message;
        e.messageStart = 0;
        e.messageEnd = message.length;
        byte[] ts = "2024-05-01T10:00:00.123456789Z".getBytes(StandardCharsets.US_ASCII);
        e.timestamp = ts;
        e.timestampStart = 0;
        e.timestampEnd = ts.length;
        e.stream = "stderr";
        e.offset = 1234;
        return e;
    }

    private JsonNode encode(LogEvent e) throws Exception {
        return JSON.readTree(EncodedDocument.of(encoder, FIELDS, e));
    }

    @Test
    void writesTheDetectedLogLevelAndNoneWhenTheLineHasNone() throws Exception {
        JsonNode withLevel = encode(event("2024-05-01 10:00:00 ERROR [main] boom".getBytes(StandardCharsets.UTF_8)));
        assertThat(withLevel.get("log.level").asText()).isEqualTo("error");
        JsonNode without = encode(event("GET /index.html 200".getBytes(StandardCharsets.UTF_8)));
        assertThat(without.has("log.level")).isFalse();
    }

    @Test
    void writesEcsFieldsAsValidJson() throws Exception {
        JsonNode doc = encode(event("GET /index.html 200".getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.get("@timestamp").asText()).isEqualTo("2024-05-01T10:00:00.123456789Z");
        assertThat(doc.get("message").asText()).isEqualTo("GET /index.html 200");
        assertThat(doc.get("stream").asText()).isEqualTo("stderr");
        assertThat(doc.get("log.offset").asLong()).isEqualTo(1234);
        assertThat(doc.get("log.file.path").asText()).isEqualTo("/var/log/pods/shop_web-1_u1/nginx/0.log");
        assertThat(doc.get("kubernetes.namespace").asText()).isEqualTo("shop");
        assertThat(doc.get("kubernetes.pod.name").asText()).isEqualTo("web-1");
        assertThat(doc.get("kubernetes.pod.uid").asText()).isEqualTo("u1");
        assertThat(doc.get("kubernetes.container.name").asText()).isEqualTo("nginx");
        assertThat(doc.get("kubernetes.node.name").asText()).isEqualTo("node-a");
        assertThat(doc.get("host.name").asText()).isEqualTo("node-a");
        assertThat(doc.get("kelp.collection").asText()).isEqualTo("shop/web");
        assertThat(doc.get("kubernetes.labels").get("app").asText()).isEqualTo("web");
        assertThat(doc.get("kubernetes.labels").get("app_kubernetes_io/name").asText()).isEqualTo("x\"y");
        assertThat(doc.has("kelp.flags")).isFalse();
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() throws Exception {
        String nasty = "say \"hi\" \\ path\ttab\r\u0001 and ünïcödé ✓ 😀";
        JsonNode doc = encode(event(nasty.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.get("message").asText()).isEqualTo(nasty);
        assertThat(doc.has("kelp.flags")).isFalse();
    }

    @Test
    void invalidUtf8BecomesReplacementCharacterAndIsFlagged() throws Exception {
        byte[] bad = {'a', (byte) 0xC3, 'b', (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'c', (byte) 0xE2, (byte) 0x82};
        JsonNode doc = encode(event(bad));
        assertThat(doc.get("message").asText()).startsWith("a\uFFFDb\uFFFD").endsWith("\uFFFD");
        assertThat(doc.get("message").asText()).contains("c");
        assertThat(doc.get("kelp.flags").toString()).isEqualTo("[\"invalid_utf8\"]");
        assertThat(encoder.lastFound() & RecordEncoder.FOUND_INVALID_UTF8).isNotZero();
    }

    @Test
    void nulBytesAreEscapedAndFlagged() throws Exception {
        JsonNode doc = encode(event(new byte[] {'a', 0, 'b'}));
        assertThat(doc.get("message").asText()).isEqualTo("a\u0000b");
        assertThat(doc.get("kelp.flags").toString()).isEqualTo("[\"nul_bytes\"]");
    }

    @Test
    void eventWithoutTimestampGetsItsReadTimeAndFramingFlags() throws Exception {
        LogEvent e = event("raw".getBytes(StandardCharsets.UTF_8));
        e.timestamp = null;
        e.epochMillis = 1_714_557_600_123L;
        e.stream = null;
        e.flags = LogEvent.FLAG_MALFORMED | LogEvent.FLAG_TRUNCATED;
        JsonNode doc = encode(e);
        assertThat(doc.get("@timestamp").asText()).isEqualTo("2024-05-01T10:00:00.123Z");
        assertThat(doc.has("stream")).isFalse();
        assertThat(doc.get("kelp.flags").toString()).isEqualTo("[\"truncated\",\"malformed\"]");
    }

    @Test
    void hostFileRecordHasNoKubernetesFields() throws Exception {
        SourceFields host = new SourceFields("ops/syslog", "/var/log/syslog", "vm-1", null, null, null, null, null,
                Map.of());
        JsonNode doc = JSON.readTree(EncodedDocument.of(encoder, host, event("x".getBytes(StandardCharsets.UTF_8))));
        assertThat(doc.has("kubernetes.namespace")).isFalse();
        assertThat(doc.has("kubernetes.labels")).isFalse();
        assertThat(doc.get("host.name").asText()).isEqualTo("vm-1");
    }
}
