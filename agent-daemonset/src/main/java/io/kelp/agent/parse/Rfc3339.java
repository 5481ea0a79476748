package io.kelp.agent.parse;

/**
 * Parses RFC 3339 timestamps as container runtimes write them ({@code 2024-05-01T10:00:00.123456789Z}
 * or with a {@code +hh:mm} offset) straight from bytes. Hand-written because it runs for every line
 * and {@code java.time} parsing allocates several objects per call.
 */
public final class Rfc3339 {

    /** Returned when the bytes are not a timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private Rfc3339() {
    }

    /** Epoch millis of the timestamp in {@code b[from, to)}, or {@link #INVALID}. */
    public static long toEpochMillis(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != 't')
                || b[from + 13] != ':' || b[from + 16] != ':') {
            return INVALID;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60
                || hour < 0 || minute < 0 || second < 0) {
            return INVALID;
        }
        int i = from + 19;
        int millis = 0;
        if (b[i] == '.') {
            i++;
            int fractionStart = i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (i - fractionStart < 3) {
                    millis = millis * 10 + (b[i] - '0');
                }
                i++;
            }
            int fractionDigits = i - fractionStart;
            if (fractionDigits == 0) {
                return INVALID;
            }
            for (int d = fractionDigits; d < 3; d++) {
                millis *= 10;
            }
        }
        int offsetSeconds = zoneOffsetSeconds(b, i, to);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return INVALID;
        }
        long epochDay = epochDay(year, month, day);
        return ((epochDay * 86_400L + hour * 3600L + minute * 60L + second) - offsetSeconds) * 1000L + millis;
    }

    private static int zoneOffsetSeconds(byte[] b, int i, int to) {
        if (i + 1 == to && (b[i] == 'Z' || b[i] == 'z')) {
            return 0;
        }
        if (i + 6 != to || (b[i] != '+' && b[i] != '-') || b[i + 3] != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(b, i + 1, 2);
        int minutes = digits(b, i + 4, 2);
        if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return b[i] == '-' ? -seconds : seconds;
    }

    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
