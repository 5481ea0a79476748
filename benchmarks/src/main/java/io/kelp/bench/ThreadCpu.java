package io.kelp.bench;

import io.kelp.testkit.measure.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU seconds per thread of a live process, from {@code /proc/<pid>/task/<tid>/stat}, grouped by
 * thread name with numbers dropped (the kernel keeps the first 15 characters of a Java thread's
 * name). Tells where a JVM's CPU went: JIT compilers, GC, the tailing loop, the producer's sender.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** Name group → CPU seconds, largest first. Empty when the process is gone. */
    static Map<String, Double> byThreadName(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    ticks.merge(group(name), ProcStat.cpuTicksOf(stat), Long::sum);
                } catch (IOException e) {
                    // The thread ended while listing.
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / ProcStat.TICKS_PER_SECOND,
                        (a, b) -> a, LinkedHashMap::new));
    }

    static String group(String threadName) {
        return threadName.replaceAll("[#-]?\\d+$", "").trim();
    }

    /** The biggest {@code limit} entries as "name 1.23 s, ...". */
    static String summary(Map<String, Double> byName, int limit) {
        return byName.entrySet().stream().filter(e -> e.getValue() > 0).limit(limit)
                .map(e -> String.format("%s %.2f s", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }
}
