package io.kelp.agent.tail;

import io.kelp.contract.CollectionRef;

import java.nio.file.Path;

/** A file as tailed for one collection: the same file is tailed once per collection selecting it. */
public record TailKey(CollectionRef collection, Path path) {
}
