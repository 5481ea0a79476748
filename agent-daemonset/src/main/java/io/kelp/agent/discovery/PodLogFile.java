package io.kelp.agent.discovery;

import java.nio.file.Path;

/**
 * A container log file found under the pod log root, with the coordinates its path encodes.
 * {@code rotated}: a rotated sibling ({@code 0.log.20240501-100000}) rather than the live file; it
 * is only read to finish content a previous run had not shipped.
 */
public record PodLogFile(Path path, String namespace, String pod, String uid, String container, boolean rotated) {
}
