package io.kelp.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The timestamp shapes the generated logs use; all UTC. */
final class Timestamps {

    private static final DateTimeFormatter ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter APP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String accessLog(long epochMillis) {
        return ACCESS.format(Instant.ofEpochMilli(epochMillis));
    }

    static String appLog(long epochMillis) {
        return APP.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * RFC 3339 with nanoseconds as the kubelet writes it (Go's RFC3339Nano: trailing zeros of the
     * fraction dropped, and the dot too when the fraction is zero).
     */
    static String rfc3339Nano(long epochMillis, int nanosInMilli) {
        Instant instant = Instant.ofEpochMilli(epochMillis).plusNanos(nanosInMilli);
        String text = DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(instant);
        int nano = instant.getNano();
        String base = text.length() > 19 ? text.substring(0, 19) : text;
        if (nano == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", nano).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }
}
