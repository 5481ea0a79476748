package io.kelp.agent.tail;

import io.kelp.agent.parse.MultilineRule;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.LogFormat;

import java.nio.file.Path;

/**
 * What to tail: a file, for a collection, into a topic, framed as {@code format}. A {@code rotated}
 * file gets no more writes: it is read to its end and left. {@code multiline} is null when lines are
 * events on their own. {@code jsonFields}: lines that are JSON objects are parsed into record fields.
 */
public record TailSpec(CollectionRef collection, String topic, Path path, LogFormat format, int maxLineBytes,
                       boolean rotated, MultilineRule multiline, boolean jsonFields) {

    /** Whether a tail opened for {@code other} reads and encodes the file the same way as one for this spec. */
    public boolean readsLike(TailSpec other) {
        return topic.equals(other.topic) && format == other.format && jsonFields == other.jsonFields
                && String.valueOf(multiline).equals(String.valueOf(other.multiline));
    }
}
