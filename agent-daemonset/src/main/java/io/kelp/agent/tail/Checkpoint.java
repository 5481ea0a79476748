package io.kelp.agent.tail;

/**
 * How far one collection has durably shipped one file.
 *
 * @param sourceId    the file's source id, fixed when it was first seen
 * @param fingerprint identifies the content (survives renames)
 * @param offset      every byte before this offset is acknowledged by Kafka
 * @param path        the path the file was last read at (informational)
 */
public record Checkpoint(long sourceId, Fingerprint fingerprint, long offset, String path) {
}
