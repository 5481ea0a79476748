package io.kelp.e2e.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unique mark every written line carries: {@code mk<stream>w<writer>s<seq>e}, e.g.
 * {@code mkq3x9a0b2w007s000001234e}. One alphanumeric token, so Elasticsearch's standard analyzer
 * keeps it whole (a term query on {@code message} finds one line); fixed width with a closing
 * {@code e}, so a torn fragment of a line never parses as another, shorter marker.
 *
 * @param stream 8 lowercase letters/digits naming one scenario of one run
 * @param writer the writer (one per log file) within the stream
 * @param seq    the line's number within its writer, from 0
 */
record Marker(String stream, int writer, long seq) {

    static final int MAX_WRITERS = 1000;
    private static final Pattern TEXT = Pattern.compile("mk([a-z0-9]{8})w(\\d{3})s(\\d{9})e");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    Marker {
        if (!stream.matches("[a-z0-9]{8}") || writer < 0 || writer >= MAX_WRITERS || seq < 0 || seq > 999_999_999) {
            throw new IllegalArgumentException("not a marker: " + stream + "/" + writer + "/" + seq);
        }
    }

    /** A fresh stream id; random, so runs against a reused Elasticsearch never mix. */
    static String newStream() {
        StringBuilder id = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            id.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    String text() {
        return String.format("mk%sw%03ds%09de", stream, writer, seq);
    }

    /** Every complete marker in {@code message}, in order. */
    static List<Marker> findAll(String message) {
        List<Marker> found = new ArrayList<>(1);
        Matcher m = TEXT.matcher(message);
        while (m.find()) {
            found.add(new Marker(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
        }
        return found;
    }

    @Override
    public String toString() {
        return text();
    }
}
