package io.kelp.agent.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the copy copytruncate rotation made of a file: a sibling with the same fingerprint that is
 * at least as long as what was read. Lines written between the agent's last read and the truncation
 * only survive in that copy, so the tail finishes from it instead of losing them. A copy holding
 * exactly what was read is returned too: finishing from it (reading nothing) keeps its content
 * known as tailed, so the next scan does not ship it again as a new file.
 */
public final class RotatedCopies {

    private RotatedCopies() {
    }

    /**
     * An open channel on the copy, or null when there is none. Siblings are tried newest first (the
     * copy was just made): a directory that keeps hundreds of rotated files costs a listing and a
     * stat each, and usually one read.
     */
    public static FileChannel find(Path truncated, Fingerprint fingerprint, long readOffset) {
        Path dir = truncated.getParent();
        if (dir == null) {
            return null;
        }
        List<Candidate> candidates = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                if (sibling.equals(truncated) || sibling.getFileName().toString().endsWith(".gz")) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(sibling, BasicFileAttributes.class);
                    if (attributes.isRegularFile() && attributes.size() >= readOffset) {
                        candidates.add(new Candidate(sibling, attributes.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // Deleted since the listing.
                }
            }
        } catch (IOException e) {
            return null;
        }
        candidates.sort(Comparator.comparingLong(Candidate::modifiedMillis).reversed());
        for (Candidate candidate : candidates) {
            try {
                FileChannel channel = FileChannel.open(candidate.path(), StandardOpenOption.READ);
                if (channel.size() >= readOffset && fingerprint.matches(channel)) {
                    return channel;
                }
                channel.close();
            } catch (IOException e) {
                // Deleted or unreadable: not the copy we can use.
            }
        }
        return null;
    }

    private record Candidate(Path path, long modifiedMillis) {
    }
}
