package io.kelp.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a source's lines are framed on disk. */
public enum LogFormat {
    /** containerd / CRI-O: {@code <RFC3339Nano> <stdout|stderr> <P|F> <message>}. */
    CRI,
    /** Docker's json-file driver: one {@code {"log":..,"stream":..,"time":..}} object per line. */
    DOCKER_JSON,
    /** Plain text lines, e.g. host files. */
    PLAIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static LogFormat fromWireName(String wire) {
        for (LogFormat format : values()) {
            if (format.wireName().equals(wire)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown log format '" + wire + "'");
    }
}
