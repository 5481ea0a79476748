package io.kelp.agent.parse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.kelp.agent.parse.JsonObjectScanner.Result.INVALID;
import static io.kelp.agent.parse.JsonObjectScanner.Result.NOT_OBJECT;
import static io.kelp.agent.parse.JsonObjectScanner.Result.OBJECT;
import static org.assertj.core.api.Assertions.assertThat;

class JsonObjectScannerTest {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonObjectScanner scanner = new JsonObjectScanner();

    private JsonObjectScanner.Result scan(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return scanner.scan(b, 0, b.length);
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    @Test
    void recordsEveryTopLevelMemberWithItsRawKeyValueAndType() {
        byte[] b = ("  {\"msg\" : \"hi \\\"you\\\"\", \"n\":-12.5e+3,\"ok\":true,\"no\":false,\"x\":null,"
                + "\"obj\":{\"a\":[1,{\"b\":\"c\"}]},\"arr\":[ ]}  ").getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.scan(b, 0, b.length)).isEqualTo(OBJECT);
        assertThat(scanner.memberCount()).isEqualTo(7);
        List<String> members = new ArrayList<>();
        for (int m = 0; m < scanner.memberCount(); m++) {
            members.add(text(b, scanner.keyStart(m), scanner.keyEnd(m)) + "=" + text(b, scanner.valueStart(m),
                    scanner.valueEnd(m)) + "/" + scanner.valueType(m));
        }
        assertThat(members).containsExactly("msg=\"hi \\\"you\\\"\"/" + JsonObjectScanner.STRING,
                "n=-12.5e+3/" + JsonObjectScanner.NUMBER, "ok=true/" + JsonObjectScanner.TRUE,
                "no=false/" + JsonObjectScanner.FALSE, "x=null/" + JsonObjectScanner.NULL,
                "obj={\"a\":[1,{\"b\":\"c\"}]}/" + JsonObjectScanner.OBJECT, "arr=[ ]/" + JsonObjectScanner.ARRAY);
    }

    @Test
    void scansOnlyTheGivenRangeOfTheBuffer() {
        byte[] b = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(scanner.scan(b, 2, 9)).isEqualTo(OBJECT);
        assertThat(text(b, scanner.valueStart(0), scanner.valueEnd(0))).isEqualTo("1");
        assertThat(scanner.scan(b, 2, 10)).isEqualTo(INVALID);
    }

    @Test
    void emptyObjectAndWhitespaceAroundAreAnObject() {
        assertThat(scan("{}")).isEqualTo(OBJECT);
        assertThat(scanner.memberCount()).isZero();
        assertThat(scan(" \t{ }\r\n")).isEqualTo(OBJECT);
    }

    @Test
    void textArraysAndScalarsAreNotObjects() {
        assertThat(scan("")).isEqualTo(NOT_OBJECT);
        assertThat(scan("   ")).isEqualTo(NOT_OBJECT);
        assertThat(scan("2024-05-01 INFO {\"a\":1}")).isEqualTo(NOT_OBJECT);
        assertThat(scan("[{\"a\":1}]")).isEqualTo(NOT_OBJECT);
        assertThat(scan("\"{}\"")).isEqualTo(NOT_OBJECT);
    }

    @Test
    void malformedObjectsAreInvalid() {
        for (String bad : List.of("{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{a:1}",
                "{'a':1}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":-}",
                "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":NaN}", "{\"a\":[1,]}", "{\"a\":[1 2]}",
                "{\"a\":{\"b\"}}", "{\"a\":{\"b\":1]}", "{\"a\":[1}", "{\"a\":1}}", "{\"a\":1} {\"b\":2}",
                "{\"a\":1} trailing", "{\"a\":\"unterminated}", "{\"a\":\"bad \\x escape\"}",
                "{\"a\":\"short \\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\tinside\"}",
                "{\"a\":\"newline\ninside\"}", "{\"a\":1,\"b\":{\"c\":[{\"d\":}]}}", "{\"a\" 1}")) {
            assertThat(scan(bad)).as(bad).isEqualTo(INVALID);
        }
    }

    @Test
    void escapesAndUnicodeAreValid() {
        assertThat(scan("{\"k\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"}")).isEqualTo(OBJECT);
        assertThat(scan("{\"ünï\":\"cödé ✓ 😀 中文\"}")).isEqualTo(OBJECT);
        byte[] b = "{\"ünï\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        scanner.scan(b, 0, b.length);
        assertThat(scanner.keyIs(0, "ünï".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void invalidUtf8InsideAStringMakesTheLineInvalid() {
        byte[][] bad = {
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},           // truncated sequence
                {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},           // never valid
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong '/'
                {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // surrogate
                {'{', '"', (byte) 0x80, '"', ':', '1', '}'},                     // in a key
                {'{', '"', 'a', '"', ':', '"', 0, '"', '}'},                     // raw NUL
        };
        for (byte[] b : bad) {
            assertThat(scanner.scan(b, 0, b.length)).isEqualTo(INVALID);
        }
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndDeeperIsInvalid() {
        assertThat(scan(nested(JsonObjectScanner.MAX_DEPTH))).isEqualTo(OBJECT);
        assertThat(scan(nested(JsonObjectScanner.MAX_DEPTH + 1))).isEqualTo(INVALID);
        assertThat(scan("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")).isEqualTo(INVALID);
    }

    /** An object nested {@code depth} levels deep in total, alternating objects and arrays. */
    private static String nested(int depth) {
        StringBuilder open = new StringBuilder("{\"k\":");
        StringBuilder close = new StringBuilder("}");
        for (int d = 1; d < depth; d++) {
            open.append(d % 2 == 0 ? "{\"k\":" : "[");
            close.insert(0, d % 2 == 0 ? "}" : "]");
        }
        return open + "1" + close;
    }

    @Test
    void laterDuplicateKeysShadowEarlierOnes() {
        assertThat(scan("{\"a\":1,\"b\":2,\"a\":3,\"c\":4,\"a\":5}")).isEqualTo(OBJECT);
        assertThat(scanner.shadowed(0)).isTrue();
        assertThat(scanner.shadowed(1)).isFalse();
        assertThat(scanner.shadowed(2)).isTrue();
        assertThat(scanner.shadowed(3)).isFalse();
        assertThat(scanner.shadowed(4)).isFalse();
    }

    @Test
    void hugeLinesWithThousandsOfMembersAreScannedAndDuplicatesFound() {
        StringBuilder line = new StringBuilder("{");
        for (int i = 0; i < 20_000; i++) {
            line.append(i == 0 ? "" : ",").append("\"key").append(i % 10_000).append("\":\"value ").append(i)
                    .append("\"");
        }
        line.append(",\"big\":\"").append("x".repeat(256 * 1024)).append("\"}");
        assertThat(scan(line.toString())).isEqualTo(OBJECT);
        assertThat(scanner.memberCount()).isEqualTo(20_001);
        assertThat(scanner.shadowed(9_999)).isTrue();
        assertThat(scanner.shadowed(10_000)).isFalse();
        assertThat(scanner.valueEnd(20_000) - scanner.valueStart(20_000)).isEqualTo(256 * 1024 + 2);
    }

    /**
     * Mutated JSON lines (bytes deleted, inserted, replaced) get the same verdict as Jackson's strict
     * parser: an object is accepted exactly when Jackson reads one (within the nesting limit).
     */
    @Test
    void agreesWithJacksonOnRandomlyMutatedLines() throws Exception {
        String[] seeds = {
                "{\"level\":\"info\",\"msg\":\"user logged in\",\"user\":{\"id\":42,\"roles\":[\"a\",\"b\"]},\"ms\":1.5e3}",
                "{\"a\":[true,false,null,-0.0,1E-7,{\"b\":\"\\u00e9\\n\"}],\"c\":{}}",
                "{\"time\":\"2024-05-01T10:00:00Z\",\"nested\":{\"x\":{\"y\":[[],[{}]]}}}",
        };
        byte[] alphabet = "{}[]\":,\\ -0123456789.eEtrufalsn\tx".getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(20261122);
        int accepted = 0;
        for (int trial = 0; trial < 10_000; trial++) {
            byte[] line = seeds[trial % seeds.length].getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                line = mutate(line, random, alphabet);
            }
            boolean jackson = jacksonReadsAnObject(line);
            JsonObjectScanner.Result result = scanner.scan(line, 0, line.length);
            assertThat(result == OBJECT).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(jackson);
            accepted += jackson ? 1 : 0;
        }
        assertThat(accepted).as("some mutations stay valid").isGreaterThan(30);
    }

    private static byte[] mutate(byte[] line, Random random, byte[] alphabet) {
        int at = random.nextInt(line.length);
        byte b = alphabet[random.nextInt(alphabet.length)];
        return switch (random.nextInt(3)) {
            case 0 -> concat(line, at, new byte[0], at + 1);
            case 1 -> concat(line, at, new byte[] {b}, at);
            default -> concat(line, at, new byte[] {b}, at + 1);
        };
    }

    private static byte[] concat(byte[] line, int headEnd, byte[] middle, int tailStart) {
        byte[] out = new byte[headEnd + middle.length + line.length - tailStart];
        System.arraycopy(line, 0, out, 0, headEnd);
        System.arraycopy(middle, 0, out, headEnd, middle.length);
        System.arraycopy(line, tailStart, out, headEnd + middle.length, line.length - tailStart);
        return out;
    }

    private static boolean jacksonReadsAnObject(byte[] line) {
        try {
            JsonNode node = STRICT.readTree(line);
            return node != null && node.isObject();
        } catch (Exception e) {
            return false;
        }
    }
}
