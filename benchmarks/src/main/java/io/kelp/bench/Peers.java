package io.kelp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peers' Debian packages: checks they are installed, installs what is missing with apt-get
 * (the benchmark machine is a throwaway root container), and reports their versions.
 */
final class Peers {

    static final Path OMKAFKA = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so");

    private Peers() {
    }

    static void ensureInstalled() throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of("/usr/bin/kcat"))) {
            missing.add("kcat");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/rsyslogd"))) {
            missing.add("rsyslog");
        }
        if (!Files.exists(OMKAFKA)) {
            missing.add("rsyslog-kafka");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
            missing.add("time");
        }
        if (missing.isEmpty()) {
            return;
        }
        System.out.println("installing missing peers: " + missing);
        run(List.of("apt-get", "update", "-qq"));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
        install.addAll(missing);
        if (run(install) != 0) {
            throw new IllegalStateException("apt-get install " + missing + " failed; install them and run again");
        }
    }

    /** The Debian package version, e.g. {@code 1.7.1-2}, or "?" when not installed. */
    static String version(String debianPackage) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", debianPackage)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
