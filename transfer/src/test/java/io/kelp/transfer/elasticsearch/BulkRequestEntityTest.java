package io.kelp.transfer.elasticsearch;

import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentEncoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BulkRequestEntityTest {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    /** A socket that takes at most {@code perRound} bytes until the next writable event. */
    private static final class ThrottledEncoder implements ContentEncoder {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<Integer> offered = new ArrayList<>();
        final int perRound;
        int leftThisRound;
        int completions;

        ThrottledEncoder(int perRound) {
            this.perRound = perRound;
        }

        void nextRound() {
            leftThisRound = perRound;
        }

        @Override
        public int write(ByteBuffer src) {
            offered.add(src.remaining());
            int n = Math.min(src.remaining(), leftThisRound);
            byte[] chunk = new byte[n];
            src.get(chunk);
            sent.write(chunk, 0, n);
            leftThisRound -= n;
            return n;
        }

        @Override
        public void complete() {
            completions++;
        }

        @Override
        public boolean isCompleted() {
            return completions > 0;
        }
    }

    private static byte[] body(int length) {
        byte[] body = new byte[length + 100]; // a reused buffer is longer than the body
        new Random(7).nextBytes(body);
        return body;
    }

    private static void sendAll(BulkRequestEntity entity, ThrottledEncoder encoder) throws Exception {
        for (int round = 0; !encoder.isCompleted(); round++) {
            assertThat(round).as("rounds").isLessThan(10_000);
            encoder.nextRound();
            entity.produceContent(encoder, null);
        }
    }

    @Test
    void sendsExactlyTheBodyAcrossPartialSocketWritesInSlices() throws Exception {
        byte[] body = body(1_000_003);
        BulkRequestEntity entity = new BulkRequestEntity(body, 1_000_003, NDJSON);
        ThrottledEncoder encoder = new ThrottledEncoder(50_000);

        sendAll(entity, encoder);

        assertThat(encoder.sent.toByteArray()).isEqualTo(java.util.Arrays.copyOf(body, 1_000_003));
        assertThat(encoder.completions).isEqualTo(1);
        assertThat(encoder.offered).allSatisfy(n -> assertThat(n).isBetween(1, BulkRequestEntity.SLICE_BYTES));
        assertThat(entity.getContentLength()).isEqualTo(1_000_003);
        assertThat(entity.getContentType().getValue()).isEqualTo("application/x-ndjson");
    }

    @Test
    void sendsTheSameBodyAgainAfterClose() throws Exception {
        byte[] body = body(200_000);
        BulkRequestEntity entity = new BulkRequestEntity(body, 200_000, NDJSON);
        sendAll(entity, new ThrottledEncoder(Integer.MAX_VALUE));
        entity.close();
        ThrottledEncoder again = new ThrottledEncoder(70_000);

        sendAll(entity, again);

        assertThat(entity.isRepeatable()).isTrue();
        assertThat(again.sent.toByteArray()).isEqualTo(java.util.Arrays.copyOf(body, 200_000));
    }
}
