package io.kelp.agent.discovery;

import java.util.Map;

/** The pods of this node as the Kubernetes API reports them. */
public interface PodDirectory {

    /** A pod the agent does not know: no labels, matched again once the API reports it. */
    Map<String, String> UNKNOWN = null;

    /** The pod's labels, or null when the API does not (yet) know this pod. */
    Map<String, String> labels(String namespace, String pod, String uid);

    /** Whether the directory has its initial view (always true without Kubernetes). */
    boolean ready();

    /** VM mode: there is no Kubernetes API; every pod is unknown. */
    PodDirectory NONE = new PodDirectory() {
        @Override
        public Map<String, String> labels(String namespace, String pod, String uid) {
            return null;
        }

        @Override
        public boolean ready() {
            return true;
        }
    };
}
