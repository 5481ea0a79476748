package io.kelp.agent.discovery;

import java.nio.file.Path;

/** A container log file found under the pod log root, with the coordinates its path encodes. */
public record PodLogFile(Path path, String namespace, String pod, String uid, String container) {
}
