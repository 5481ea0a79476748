package io.kelp.testkit.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an image's JVM runs with, read from its Dockerfile ({@code ENV KEY=value} lines): a benchmark
 * that starts the packaged app with these describes the image, and cannot drift from it.
 *
 * <p>Only the {@code ENV KEY=value KEY="a b"} form is read, one or more pairs per line; no line
 * continuations or variable references.
 */
public record ImageEnvironment(Map<String, String> variables) {

    private static final Pattern ENV_LINE = Pattern.compile("(?m)^ENV\\s+(.+)$");
    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    public ImageEnvironment {
        variables = Map.copyOf(variables);
    }

    /** Reads {@code dockerfile}, a path relative to the repository root when the program runs there. */
    public static ImageEnvironment of(Path dockerfile) {
        try {
            return parse(Files.readString(dockerfile));
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root: " + dockerfile, e);
        }
    }

    static ImageEnvironment parse(String dockerfile) {
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher line = ENV_LINE.matcher(dockerfile);
        while (line.find()) {
            Matcher pair = PAIR.matcher(line.group(1));
            while (pair.find()) {
                String value = pair.group(2);
                variables.put(pair.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            }
        }
        return new ImageEnvironment(variables);
    }

    /** {@code JAVA_OPTS}, the options the image's entrypoint passes to {@code java}. */
    public String javaOptions() {
        String options = variables.get("JAVA_OPTS");
        if (options == null) {
            throw new IllegalStateException("the Dockerfile has no ENV JAVA_OPTS=\"...\" line");
        }
        return options;
    }

    /** Every other variable (e.g. {@code MALLOC_ARENA_MAX}): the process environment besides the JVM options. */
    public Map<String, String> processEnvironment() {
        Map<String, String> others = new LinkedHashMap<>(variables);
        others.remove("JAVA_OPTS");
        return others;
    }
}
