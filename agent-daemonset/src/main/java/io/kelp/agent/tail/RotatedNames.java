package io.kelp.agent.tail;

import java.nio.file.Path;

/** Names of rotated files: {@code 0.log.20240501-100000} (kubelet), {@code app.log.1} (logrotate). */
public final class RotatedNames {

    private RotatedNames() {
    }

    /** The live file a rotated file was rotated from: everything up to {@code .log}; unchanged if not rotated. */
    public static Path livePath(Path rotated) {
        String name = rotated.getFileName().toString();
        int log = name.indexOf(".log.");
        return log < 0 ? rotated : rotated.resolveSibling(name.substring(0, log + ".log".length()));
    }
}
