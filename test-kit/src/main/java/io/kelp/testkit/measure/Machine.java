package io.kelp.testkit.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine the figures were measured on. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        return String.format("%d CPUs (%s), %s memory, %s %s, Linux %s", Runtime.getRuntime().availableProcessors(),
                cpuModel(), memory(), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.version"));
    }

    /** The 1-minute load average: other work on the machine skews every figure. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        return field(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return field(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format("%.1f GiB", Long.parseLong(v.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static java.util.Optional<String> field(Path file, String name) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(name))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
