package io.kelp.testkit.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces one generated section of a Markdown file, delimited by
 * {@code <!-- BEGIN name -->} and {@code <!-- END name -->}, leaving the hand-written text around it
 * alone. A file without the markers gets the section appended.
 */
public final class MarkdownSections {

    private MarkdownSections() {
    }

    public static String replace(String document, String name, String body) {
        String begin = "<!-- BEGIN " + name + " (generated, do not edit by hand) -->";
        String end = "<!-- END " + name + " -->";
        String section = begin + "\n" + body.strip() + "\n" + end;
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            String separator = document.isEmpty() || document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n";
            return document + separator + section + "\n";
        }
        return document.substring(0, from) + section + document.substring(to + end.length());
    }

    public static void update(Path file, String name, String body) throws IOException {
        String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Files.writeString(file, replace(current, name, body), StandardCharsets.UTF_8);
    }
}
