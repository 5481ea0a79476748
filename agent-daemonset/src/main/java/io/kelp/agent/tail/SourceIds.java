package io.kelp.agent.tail;

/**
 * The source id of a file: a hash of the node, the path the file was first found at and its
 * fingerprint. It is stored in the file's checkpoint and reused for as long as the content lives
 * (also after a rename), so every line keeps one record id forever.
 */
public final class SourceIds {

    private SourceIds() {
    }

    public static long of(String node, String firstSeenPath, Fingerprint fingerprint) {
        return new Hash64().add(node).add(firstSeenPath).add(fingerprint.length()).add(fingerprint.hash()).value();
    }
}
