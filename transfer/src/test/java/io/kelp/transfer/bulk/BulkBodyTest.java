package io.kelp.transfer.bulk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BulkBodyTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesOneActionLineAndTheDocumentBytesAsIs() {
        BulkBody body = new BulkBody(16);
        byte[] action = BulkBody.actionPrefix("kelp-shop_web_2026.11.21");
        body.add(action, utf8("00000000000000ab-1f"), utf8("{\"message\":\"héllo\"}"));
        body.add(action, utf8("00000000000000ab-30"), utf8("{\"message\":\"b\"}"));

        assertThat(body.toUtf8()).isEqualTo(
                "{\"index\":{\"_index\":\"kelp-shop_web_2026.11.21\",\"_id\":\"00000000000000ab-1f\"}}\n"
                        + "{\"message\":\"héllo\"}\n"
                        + "{\"index\":{\"_index\":\"kelp-shop_web_2026.11.21\",\"_id\":\"00000000000000ab-30\"}}\n"
                        + "{\"message\":\"b\"}\n");
        assertThat(body.documents()).isEqualTo(2);
    }

    @Test
    void keepsAPrettyPrintedDocumentOnOneLine() {
        BulkBody body = new BulkBody(16);
        body.add(BulkBody.actionPrefix("i"), utf8("a"), utf8("{\r\n  \"message\": \"x\\ny\"\n}"));
        assertThat(body.toUtf8()).endsWith("\n{    \"message\": \"x\\ny\" }\n");
        assertThat(body.toUtf8().split("\n")).hasSize(2);
    }

    @Test
    void blanksEveryLineBreakAndNothingElseWhereverItFallsInTheWord() {
        java.util.Random random = new java.util.Random(11);
        // every byte value, line breaks, their neighbours, tabs and UTF-8 continuation bytes
        byte[] alphabet = new byte[256];
        for (int i = 0; i < 256; i++) {
            alphabet[i] = (byte) i;
        }
        for (int trial = 0; trial < 2_000; trial++) {
            byte[] document = new byte[random.nextInt(40)];
            for (int i = 0; i < document.length; i++) {
                document[i] = random.nextInt(4) == 0 ? (byte) "\n\r\t\u000b\u000e {".charAt(random.nextInt(7))
                        : alphabet[random.nextInt(256)];
            }
            BulkBody body = new BulkBody(16);
            body.add(BulkBody.actionPrefix("i"), utf8("a"), new byte[random.nextInt(8)]); // shifts the alignment
            int start = body.length();
            body.add(BulkBody.actionPrefix("i"), utf8("b"), document);

            byte[] expected = document.clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = expected[i] == '\n' || expected[i] == '\r' ? (byte) ' ' : expected[i];
            }
            int docStart = body.length() - 1 - document.length;
            assertThat(java.util.Arrays.copyOfRange(body.buffer(), docStart, body.length() - 1))
                    .as("trial %d after %d bytes", trial, start).isEqualTo(expected);
        }
    }

    @Test
    void writesAnEventWithItsIdFromTheValueAndTheSharedFieldsMerged() {
        byte[] value = utf8("{\"host.name\":\"n1\"}\nev-1 {\"message\":\"a\"}\n");
        BulkBody body = new BulkBody(16);
        body.addEvent(BulkBody.actionPrefix("i"), value, 19, 23, 24, 39, 18);

        assertThat(body.toUtf8()).isEqualTo("{\"index\":{\"_index\":\"i\",\"_id\":\"ev-1\"}}\n"
                + "{\"message\":\"a\",\"host.name\":\"n1\"}\n");
        assertThat(body.documents()).isEqualTo(1);
    }

    @Test
    void mergedEventDocumentIsCopiedAsIsSinceItCannotHoldALineFeed() {
        // The event lines were split at LF; a CR is JSON whitespace and no line break to _bulk.
        byte[] value = utf8("{\"h\":\r1}\nid {\"m\":\r2}");
        BulkBody body = new BulkBody(16);
        body.addEvent(BulkBody.actionPrefix("i"), value, 9, 11, 12, 20, 8);

        assertThat(body.toUtf8()).isEqualTo("{\"index\":{\"_index\":\"i\",\"_id\":\"id\"}}\n{\"m\":\r2,\"h\":\r1}\n");
    }

    @Test
    void escapesQuotesAndBackslashesInIds() {
        BulkBody body = new BulkBody(16);
        body.add(BulkBody.actionPrefix("i"), utf8("a\"b\\c"), utf8("{}"));
        assertThat(body.toUtf8()).startsWith("{\"index\":{\"_index\":\"i\",\"_id\":\"a\\\"b\\\\c\"}}\n");
    }

    @Test
    void acceptsOnlyPrintableAsciiIdsUpTo512Bytes() {
        assertThat(BulkBody.isAcceptableId(utf8("0123456789abcdef-1f"))).isTrue();
        assertThat(BulkBody.isAcceptableId(null)).isFalse();
        assertThat(BulkBody.isAcceptableId(new byte[0])).isFalse();
        assertThat(BulkBody.isAcceptableId(utf8("line\nbreak"))).isFalse();
        assertThat(BulkBody.isAcceptableId(utf8("é"))).isFalse();
        assertThat(BulkBody.isAcceptableId(utf8("x".repeat(512)))).isTrue();
        assertThat(BulkBody.isAcceptableId(utf8("x".repeat(513)))).isFalse();
    }

    @Test
    void resetReusesTheBuffer() {
        BulkBody body = new BulkBody(16);
        body.add(BulkBody.actionPrefix("i"), utf8("a"), utf8("{\"big\":\"" + "x".repeat(1000) + "\"}"));
        byte[] grown = body.buffer();
        body.reset();
        body.add(BulkBody.actionPrefix("i"), utf8("b"), utf8("{}"));
        assertThat(body.buffer()).isSameAs(grown);
        assertThat(body.toUtf8()).isEqualTo("{\"index\":{\"_index\":\"i\",\"_id\":\"b\"}}\n{}\n");
    }
}
