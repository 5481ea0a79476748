package io.kelp.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch refuses to run as root. When the tests run as root, the server runs as the system
 * user {@code kelp-es} (created once with {@code useradd}) through {@code runuser}.
 */
final class UnprivilegedUser {

    static final String NAME = "kelp-es";

    private UnprivilegedUser() {
    }

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code command} as is when not root, else prefixed so it runs as {@value #NAME}. */
    static List<String> wrap(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        ensureExists();
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives the user ownership of directories the server writes (data, logs, its config copy). */
    static void grant(Path directory) {
        if (runningAsRoot()) {
            run(List.of("chown", "-R", NAME + ":" + NAME, directory.toString()));
        }
    }

    static synchronized void ensureExists() {
        if (exists()) {
            return;
        }
        int code = run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                "--shell", "/usr/sbin/nologin", NAME));
        // Another JVM may have created it at the same time; only a still-missing user is an error.
        if (code != 0 && !exists()) {
            throw new IllegalStateException("cannot create system user " + NAME + " (useradd exit " + code + ")");
        }
    }

    private static boolean exists() {
        return run(List.of("id", "-u", NAME)) == 0;
    }

    private static int run(List<String> command) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
