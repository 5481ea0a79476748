package io.kelp.agent.parse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339Test {

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Rfc3339.toEpochMillis(b, 0, b.length);
    }

    @Test
    void agreesWithJavaTimeForNanosecondsOffsetsAndLeapDays() {
        for (String s : new String[] {"2024-05-01T10:00:00.123456789Z", "2024-02-29T23:59:59Z",
                "1999-12-31T23:00:00.5+02:00", "2030-01-01T00:00:00.000001-05:30", "1970-01-01T00:00:00Z"}) {
            assertThat(parse(s)).as(s).isEqualTo(OffsetDateTime.parse(s).toInstant().toEpochMilli());
        }
    }

    @Test
    void rejectsWhatIsNotATimestamp() {
        for (String s : new String[] {"2024-05-01 10:00:00Z", "2024-05-01T10:00:00", "2024-05-01T10:00:00.Z",
                "2024-05-01T25:00:00Z", "garbage-garbage-garbage", "2024-05-01T10:00:00+0200"}) {
            assertThat(parse(s)).as(s).isEqualTo(Rfc3339.INVALID);
        }
    }
}
