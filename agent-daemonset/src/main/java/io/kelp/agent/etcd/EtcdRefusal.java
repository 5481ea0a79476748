package io.kelp.agent.etcd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells a refusal by etcd's authentication (no user, wrong password, a role without permission on
 * the key) from an outage. An outage heals by itself and is worth a quiet retry; a refusal does not
 * heal until someone fixes the credentials, so it is logged as an error that names the keys to set.
 */
public final class EtcdRefusal {

    /** What to set: the agent's config keys and the chart values that fill them. */
    static final String HINT = "check kelp.etcd.user / kelp.etcd.password (chart: etcd.auth.secretName) "
            + "and that the user's role may read the task prefix and write the agent heartbeat keys";

    /** Messages of etcd 3.4's auth errors (etcdserver/api/v3rpc/rpctypes), which arrive as INVALID_ARGUMENT or worse. */
    private static final String[] AUTH_MESSAGES = {"user name is empty", "authentication failed",
            "permission denied", "invalid auth token", "user name not found", "authentication is not enabled"};

    private EtcdRefusal() {
    }

    /** A sentence naming etcd authentication when {@code failure} is one, else empty. */
    public static Optional<String> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StatusRuntimeException grpc && refusedBy(grpc.getStatus().getCode())) {
                return Optional.of(sentence(t));
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String auth : AUTH_MESSAGES) {
                if (message.contains(auth)) {
                    return Optional.of(sentence(t));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean refusedBy(Status.Code code) {
        return code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED;
    }

    private static String sentence(Throwable cause) {
        return "etcd authentication refused the agent (" + rootMessage(cause) + "): " + HINT;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
