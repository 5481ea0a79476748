package io.kelp.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventBatchTest {

    private record Read(int sharedTo, List<String> ids, List<String> documents, List<String> malformed) {
    }

    private static Read read(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        List<int[]> objects = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        int sharedTo = EventBatch.read(bytes, new EventBatch.Visitor() {
            @Override
            public void event(int idFrom, int idTo, int objectFrom, int objectTo) {
                ids.add(new String(bytes, idFrom, idTo - idFrom, StandardCharsets.UTF_8));
                objects.add(new int[] {objectFrom, objectTo});
            }

            @Override
            public void malformed(int lineFrom, int lineTo, String why) {
                malformed.add(new String(bytes, lineFrom, lineTo - lineFrom, StandardCharsets.UTF_8) + " | " + why);
            }
        });
        List<String> documents = new ArrayList<>();
        for (int[] o : objects) {
            documents.add(new String(EventBatch.document(bytes, o[0], o[1], sharedTo), StandardCharsets.UTF_8));
        }
        return new Read(sharedTo, ids, documents, malformed);
    }

    @Test
    void eachEventBecomesItsOwnObjectFollowedByTheSharedFields() {
        Read read = read("{\"host.name\":\"n1\",\"kelp.collection\":\"shop/web\"}\n"
                + "00000000000000aa-0 {\"message\":\"one\"}\n"
                + "00000000000000aa-4 {\"message\":\"two\",\"log.offset\":4}\n");

        assertThat(read.ids).containsExactly("00000000000000aa-0", "00000000000000aa-4");
        assertThat(read.documents).containsExactly(
                "{\"message\":\"one\",\"host.name\":\"n1\",\"kelp.collection\":\"shop/web\"}",
                "{\"message\":\"two\",\"log.offset\":4,\"host.name\":\"n1\",\"kelp.collection\":\"shop/web\"}");
        assertThat(read.malformed).isEmpty();
    }

    @Test
    void emptySharedObjectOrEmptyEventYieldsTheOtherAlone() {
        assertThat(read("{}\na-1 {\"message\":\"x\"}").documents).containsExactly("{\"message\":\"x\"}");
        assertThat(read("{\"host.name\":\"n1\"}\na-1 { }").documents).containsExactly("{\"host.name\":\"n1\"}");
    }

    @Test
    void lastLineWithoutLineBreakAndBlankLinesAreRead() {
        Read read = read("{\"h\":1}\r\n\na-1 {\"m\":1}\r\n\nb-2 {\"m\":2}");

        assertThat(read.ids).containsExactly("a-1", "b-2");
        assertThat(read.documents).containsExactly("{\"m\":1,\"h\":1}", "{\"m\":2,\"h\":1}");
    }

    @Test
    void badEventLinesAreReportedWithTheirReasonAndTheOthersStillRead() {
        Read read = read("{\"h\":1}\n"
                + "no-space-here\n"
                + "a\"quote {\"m\":1}\n"
                + "a-2 [1,2]\n"
                + "a-3 {\"m\":3}\n");

        assertThat(read.ids).containsExactly("a-3");
        assertThat(read.malformed).containsExactly(
                "no-space-here | event line without a space between record id and event",
                "a\"quote {\"m\":1} | record id must be 1-512 bytes of printable ASCII without quotes or backslashes",
                "a-2 [1,2] | event is not a JSON object");
    }

    @Test
    void valueWhoseFirstLineIsNotAnObjectIsRefusedWhole() {
        Read read = read("a-1 {\"m\":1}\n");

        assertThat(read.sharedTo).isEqualTo(-1);
        assertThat(read.ids).isEmpty();
        assertThat(read.malformed).isEmpty();
        assertThat(read("").sharedTo).isEqualTo(-1);
    }

    @Test
    void idLongerThanElasticsearchAcceptsIsMalformed() {
        String longId = "a".repeat(EventBatch.MAX_ID_BYTES + 1);
        Read read = read("{}\n" + longId + " {\"m\":1}\n" + "a".repeat(EventBatch.MAX_ID_BYTES) + " {\"m\":2}\n");

        assertThat(read.malformed).hasSize(1);
        assertThat(read.ids).containsExactly("a".repeat(EventBatch.MAX_ID_BYTES));
    }

    @Test
    void linesAreFoundWhereverTheirBreaksFallInTheEightByteWords() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 500; trial++) {
            StringBuilder value = new StringBuilder("{\"h\":" + "1".repeat(random.nextInt(20)) + "}\n");
            List<String> expected = new ArrayList<>();
            int events = random.nextInt(6);
            for (int e = 0; e < events; e++) {
                String id = "e" + e;
                String object = "{\"m\":\"" + "x\u00e9".repeat(random.nextInt(30)) + "\"}";
                value.append(id).append(' ').append(object).append(random.nextBoolean() ? "\n" : "\n\n");
                expected.add(id);
            }
            assertThat(read(value.toString()).ids).as("trial %d: %s", trial, value).isEqualTo(expected);
        }
    }

    @Test
    void layoutHeaderValueIsRecognised() {
        assertThat(EventBatch.isEventsLayout(EventBatch.eventsLayoutHeaderValue())).isTrue();
        assertThat(EventBatch.isEventsLayout("document".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(EventBatch.isEventsLayout(null)).isFalse();
    }
}
