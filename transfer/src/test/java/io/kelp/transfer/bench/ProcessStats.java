package io.kelp.transfer.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time and memory of a Linux process, from /proc, with its CPU split by what its threads do
 * (the transfer's own work, the HTTP client, the JIT, the collector).
 *
 * @param threadTicks CPU ticks per live thread id, with the thread's name
 */
record ProcessStats(double cpuSeconds, long rssKiB, long peakRssKiB, Map<Long, ThreadTicks> threadTicks) {

    record ThreadTicks(String name, long ticks) {
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux
    /** The roles in report order. */
    static final String[] ROLES = {"consume", "bulk", "http", "jit", "gc", "vertx", "other"};

    static ProcessStats of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        double cpu = ticks(Files.readString(proc.resolve("stat"))) / TICKS_PER_SECOND;
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line);
            }
        }
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(
                            Files.readString(task.resolve("comm")).trim(), ticks(Files.readString(task.resolve("stat")))));
                } catch (NoSuchFileException e) {
                    // the thread ended between listing and reading
                }
            }
        }
        return new ProcessStats(cpu, rss, peak, threads);
    }

    /**
     * CPU seconds per role spent since {@code earlier} by the threads alive now (the CPU of threads
     * that ended in between is not counted).
     */
    Map<String, Double> cpuByRoleSince(ProcessStats earlier) {
        Map<String, Double> delta = new LinkedHashMap<>();
        for (String role : ROLES) {
            delta.put(role, 0.0);
        }
        threadTicks.forEach((tid, now) -> {
            ThreadTicks before = earlier.threadTicks.get(tid);
            long ticks = now.ticks() - (before == null ? 0 : before.ticks());
            delta.merge(roleOf(now.name()), ticks / TICKS_PER_SECOND, Double::sum);
        });
        return delta;
    }

    /** What a transfer thread does, from its name (Linux keeps the first 15 characters). */
    static String roleOf(String thread) {
        if (thread.startsWith("kelp-consume")) {
            return "consume";
        } else if (thread.startsWith("kelp-bulk")) {
            return "bulk";
        } else if (thread.startsWith("elasticsearch-r") || thread.startsWith("I/O dispatcher")) {
            return "http";
        } else if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
            return "jit";
        } else if (thread.startsWith("GC Thread") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
            return "gc";
        } else if (thread.startsWith("vert.x-eventloo") || thread.startsWith("executor-thread")) {
            return "vertx"; // Quarkus's HTTP server (the benchmark's /q/metrics polling) and jetcd's gRPC
        }
        return "other";
    }

    /** utime + stime of a /proc stat line. */
    private static long ticks(String stat) {
        // fields after the command name, which is in parentheses and may contain spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
