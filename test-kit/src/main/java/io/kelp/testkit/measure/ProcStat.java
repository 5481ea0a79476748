package io.kelp.testkit.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads one process's CPU time and memory (current and high-water mark) from {@code /proc}. Parsing
 * is separate from reading so it can be tested on fixed text. Used by the benchmarks and the soak run.
 */
public final class ProcStat {

    /** Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on every Linux we run on. */
    public static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** utime + stime of the process (its threads included) in ticks, or -1 when it is gone. */
    public static long cpuTicks(long pid) {
        try {
            return cpuTicksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmHWM (peak resident set) in KiB, or -1 when the process is gone. */
    public static long peakRssKib(long pid) {
        return statusKib(pid, "VmHWM:");
    }

    /** VmRSS (resident set now) in KiB, or -1 when the process is gone. */
    public static long rssKib(long pid) {
        return statusKib(pid, "VmRSS:");
    }

    private static long statusKib(long pid, String field) {
        try {
            return statusKibOf(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 of {@code stat}; the command name (field 2) may contain spaces and parentheses. */
    public static long cpuTicksOf(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        String[] fields = afterName.trim().split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    public static long peakRssKibOf(String status) {
        return statusKibOf(status, "VmHWM:");
    }

    /** A {@code kB} field of {@code status} (e.g. {@code "VmRSS:"}), or -1 when absent. */
    public static long statusKibOf(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        return -1;
    }
}
