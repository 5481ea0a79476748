package io.kelp.agent.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands host path globs ({@code /var/log/app/*.log}, {@code /var/log/**}{@code /*.log}) to the
 * regular files they match. Walks only below the longest directory prefix without wildcards, and
 * only as deep as the pattern can reach ({@code **} allows up to 8 levels).
 */
public final class HostFileScanner {

    private static final int MAX_DEPTH_FOR_DOUBLE_STAR = 8;

    private HostFileScanner() {
    }

    public static List<Path> expand(String glob) {
        Path pattern = Path.of(glob);
        Path base = pattern.getRoot();
        int firstWild = 0;
        for (Path part : pattern) {
            if (hasWildcard(part.toString())) {
                break;
            }
            base = base.resolve(part);
            firstWild++;
        }
        if (firstWild == pattern.getNameCount()) {
            return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
        }
        int depth = glob.contains("**") ? MAX_DEPTH_FOR_DOUBLE_STAR : pattern.getNameCount() - firstWild;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return found;
        }
        try (Stream<Path> walk = Files.walk(base, depth)) {
            walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).forEach(found::add);
        } catch (IOException | UncheckedIOException e) {
            // A directory vanished while walking; what was found so far is still valid.
        }
        return found;
    }

    private static boolean hasWildcard(String segment) {
        return segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0 || segment.indexOf('[') >= 0
                || segment.indexOf('{') >= 0;
    }
}
