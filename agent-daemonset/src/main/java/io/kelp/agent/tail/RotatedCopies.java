package io.kelp.agent.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /** An open channel on the copy, or null when there is none. */
    public static FileChannel find(Path truncated, Fingerprint fingerprint, long readOffset) {
        Path dir = truncated.getParent();
        if (dir == null) {
            return null;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir)) {
            for (Path sibling : siblings) {
                if (sibling.equals(truncated) || sibling.getFileName().toString().endsWith(".gz")
                        || !Files.isRegularFile(sibling)) {
                    continue;
                }
                FileChannel channel = FileChannel.open(sibling, StandardOpenOption.READ);
                if (channel.size() >= readOffset && fingerprint.matches(channel)) {
                    return channel;
                }
                channel.close();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
