package io.kelp.contract;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The daily index suffix, {@code yyyy.MM.dd} in UTC. Formatted by hand because the transfer calls it
 * for every record and {@code DateTimeFormatter} allocates more than this needs.
 */
public final class IndexDay {

    private IndexDay() {
    }

    public static String format(LocalDate day) {
        StringBuilder out = new StringBuilder(10);
        int year = day.getYear();
        if (year < 1000 || year > 9999) {
            throw new IllegalArgumentException("year out of range for an index suffix: " + year);
        }
        out.append(year).append('.');
        appendTwoDigits(out, day.getMonthValue());
        out.append('.');
        appendTwoDigits(out, day.getDayOfMonth());
        return out.toString();
    }

    public static LocalDate ofEpochMillis(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L));
    }

    /** Parses a suffix written by {@link #format}; returns null when {@code text} is not one. */
    public static LocalDate parseOrNull(String text) {
        if (text.length() != 10 || text.charAt(4) != '.' || text.charAt(7) != '.') {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(text, 0, 4, 10),
                    Integer.parseInt(text, 5, 7, 10),
                    Integer.parseInt(text, 8, 10, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static void appendTwoDigits(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }
}
