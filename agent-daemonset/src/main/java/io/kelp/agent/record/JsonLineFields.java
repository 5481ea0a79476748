package io.kelp.agent.record;

import io.kelp.agent.parse.JsonObjectScanner;
import io.kelp.agent.parse.LevelDetector;
import io.kelp.agent.parse.Rfc3339;
import io.kelp.contract.RecordFormat;

import java.nio.charset.StandardCharsets;

/**
 * The fields of a log line that is a JSON object, for tasks with {@code parse.jsonFields}. Three
 * well-known members are lifted into their ECS fields: the message ({@code message}, {@code msg}),
 * the level ({@code log.level}, {@code level}, {@code lvl}, {@code severity}; names or pino/bunyan
 * numbers) and the event time ({@code @timestamp}, {@code timestamp}, {@code time}; RFC 3339 only).
 * Every other member is copied, bytes as they are, into the {@link RecordFormat#JSON_FIELDS}
 * object: application keys stay in their own namespace (ECS's advice for custom fields), so an
 * application's {@code "host":"db1"} cannot clash with the agent's {@code host.name} and make
 * Elasticsearch refuse the whole document.
 *
 * <p>A member that looks well-known but does not fit (a numeric message, a time that is not
 * RFC 3339, an unknown numeric level) is not lifted: it stays in the object with the rest. One
 * instance per encoder; not thread-safe.
 */
final class JsonLineFields {

    private static final byte[] OPEN_TARGET = bytes(",\"" + RecordFormat.JSON_FIELDS + "\":{");
    /** Candidate keys per role, best first. */
    private static final byte[][] MESSAGE_KEYS = {bytes("message"), bytes("msg")};
    private static final byte[][] LEVEL_KEYS = {bytes("log.level"), bytes("level"), bytes("lvl"), bytes("severity")};
    private static final byte[][] TIME_KEYS = {bytes("@timestamp"), bytes("timestamp"), bytes("time")};
    /** pino / bunyan numeric levels: 10 trace ... 60 fatal. */
    private static final byte[][] NUMERIC_LEVELS = {bytes("trace"), bytes("debug"), bytes("info"), bytes("warn"),
            bytes("error"), bytes("fatal")};
    /** A longer level value is not a level name; it stays with the other fields. */
    private static final int MAX_LEVEL_BYTES = 32;

    private final JsonObjectScanner scanner = new JsonObjectScanner();
    private byte[] line;
    private int message;
    private int level;
    private int time;
    private long timeMillis;
    /** The level's canonical bytes, or null to copy the member's own value lower-cased. */
    private byte[] levelBytes;

    JsonObjectScanner.Result scan(byte[] b, int from, int to) {
        JsonObjectScanner.Result result = scanner.scan(b, from, to);
        line = b;
        message = -1;
        level = -1;
        time = -1;
        if (result == JsonObjectScanner.Result.OBJECT) {
            pickWellKnown();
        }
        return result;
    }

    boolean hasMessage() {
        return message >= 0;
    }

    boolean hasLevel() {
        return level >= 0;
    }

    boolean hasTime() {
        return time >= 0;
    }

    long timeMillis() {
        return timeMillis;
    }

    /** The lifted message's JSON string, quotes included (valid JSON: the scanner checked it). */
    void writeMessage(JsonBytes out) {
        out.raw(line, scanner.valueStart(message), scanner.valueEnd(message));
    }

    /** Where the lifted message's text lies (inside its quotes, escapes as written), for level detection. */
    int messageTextStart() {
        return scanner.valueStart(message) + 1;
    }

    int messageTextEnd() {
        return scanner.valueEnd(message) - 1;
    }

    void writeTime(JsonBytes out) {
        out.raw(line, scanner.valueStart(time), scanner.valueEnd(time));
    }

    /** The level's text, without quotes. */
    void writeLevel(JsonBytes out) {
        if (levelBytes != null) {
            out.raw(levelBytes);
        } else {
            out.lowerCaseAscii(line, scanner.valueStart(level) + 1, scanner.valueEnd(level) - 1);
        }
    }

    /** Writes {@code ,"json":{...}} with every member not lifted; nothing when none is left. */
    void writeRest(JsonBytes out) {
        boolean first = true;
        for (int m = 0; m < scanner.memberCount(); m++) {
            if (m == message || m == level || m == time || scanner.shadowed(m)) {
                continue;
            }
            out.raw(first ? OPEN_TARGET : COMMA);
            first = false;
            out.raw(line, scanner.keyStart(m) - 1, scanner.keyEnd(m) + 1);
            out.raw((byte) ':');
            out.raw(line, scanner.valueStart(m), scanner.valueEnd(m));
        }
        if (!first) {
            out.raw((byte) '}');
        }
    }

    private static final byte[] COMMA = {','};

    private void pickWellKnown() {
        int messageRank = MESSAGE_KEYS.length;
        int levelRank = LEVEL_KEYS.length;
        int timeRank = TIME_KEYS.length;
        for (int m = 0; m < scanner.memberCount(); m++) {
            if (scanner.shadowed(m)) {
                continue;
            }
            int rank = rankOf(m, MESSAGE_KEYS);
            if (rank < messageRank && scanner.valueType(m) == JsonObjectScanner.STRING) {
                messageRank = rank;
                message = m;
                continue;
            }
            rank = rankOf(m, LEVEL_KEYS);
            if (rank < levelRank && acceptLevel(m)) {
                levelRank = rank;
                level = m;
                continue;
            }
            rank = rankOf(m, TIME_KEYS);
            if (rank < timeRank && acceptTime(m)) {
                timeRank = rank;
                time = m;
            }
        }
        if (level >= 0) {
            levelBytes = levelBytesOf(level);
        }
        if (time >= 0) {
            timeMillis = Rfc3339.toEpochMillis(line, scanner.valueStart(time) + 1, scanner.valueEnd(time) - 1);
        }
    }

    private int rankOf(int member, byte[][] keys) {
        for (int k = 0; k < keys.length; k++) {
            if (scanner.keyIs(member, keys[k])) {
                return k;
            }
        }
        return Integer.MAX_VALUE;
    }

    private boolean acceptLevel(int m) {
        int from = scanner.valueStart(m);
        int to = scanner.valueEnd(m);
        if (scanner.valueType(m) == JsonObjectScanner.NUMBER) {
            return numericLevel(from, to) != null;
        }
        if (scanner.valueType(m) != JsonObjectScanner.STRING || to - from - 2 > MAX_LEVEL_BYTES || to - from == 2) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            if (line[i] == '\\') {
                return false; // an escaped level is no level name; keep it as it is
            }
        }
        return true;
    }

    private byte[] levelBytesOf(int m) {
        int from = scanner.valueStart(m);
        int to = scanner.valueEnd(m);
        if (scanner.valueType(m) == JsonObjectScanner.NUMBER) {
            return numericLevel(from, to);
        }
        return LevelDetector.canonical(line, from + 1, to - 1);
    }

    private byte[] numericLevel(int from, int to) {
        if (to - from != 2 || line[from + 1] != '0' || line[from] < '1' || line[from] > '6') {
            return null;
        }
        return NUMERIC_LEVELS[line[from] - '1'];
    }

    private boolean acceptTime(int m) {
        return scanner.valueType(m) == JsonObjectScanner.STRING
                && Rfc3339.toEpochMillis(line, scanner.valueStart(m) + 1, scanner.valueEnd(m) - 1) != Rfc3339.INVALID;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
