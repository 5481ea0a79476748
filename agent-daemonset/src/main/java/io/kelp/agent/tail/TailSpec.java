package io.kelp.agent.tail;

import io.kelp.agent.parse.MultilineRule;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.LogFormat;

import java.nio.file.Path;

/**
 * What to tail: a file, for a collection, into a topic, framed as {@code format}. A {@code rotated}
 * file gets no more writes: it is read to its end and left. {@code multiline} is null when lines are
 * events on their own.
 */
public record TailSpec(CollectionRef collection, String topic, Path path, LogFormat format, int maxLineBytes,
                       boolean rotated, MultilineRule multiline) {
}
