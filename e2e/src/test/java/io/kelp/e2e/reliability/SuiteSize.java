package io.kelp.e2e.reliability;

import java.time.Duration;

/**
 * The numbers of one run of the suite. {@link #FULL} is issue 7's; {@link #SHORT} keeps every fault
 * kind at a size that fits CI (fewer kills and restarts, shorter outages, fewer files).
 *
 * @param linesPerSecond        steady write rate during the kill, restart and outage scenarios
 * @param killGap               the longest pause between two kills or restarts (the shortest is half)
 * @param stormFiles            files rotated by the rotation storm
 * @param stormTime             how long the storm lasts
 * @param partialMessages       CRI messages split into partial lines in the bad-input flood
 */
record SuiteSize(String name, double linesPerSecond, int agentKills, int transferKills, int kafkaRestarts,
                 Duration killGap, Duration elasticsearchOutage, Duration etcdOutage, int stormFiles,
                 Duration stormTime, double stormLinesPerSecond, int partialMessages, int malformedCollections) {

    static final Duration RENAME_PERIOD = Duration.ofMillis(100);
    static final Duration COPYTRUNCATE_PERIOD = Duration.ofSeconds(1);
    static final int HUGE_LINE_BYTES = 10 * 1024 * 1024;

    static final SuiteSize SHORT = new SuiteSize("short", 400, 4, 2, 2, Duration.ofSeconds(4),
            Duration.ofSeconds(15), Duration.ofSeconds(15), 10, Duration.ofSeconds(15), 400, 300, 100);

    static final SuiteSize FULL = new SuiteSize("full", 1_000, 20, 20, 5, Duration.ofSeconds(6),
            Duration.ofSeconds(60), Duration.ofSeconds(60), 100, Duration.ofSeconds(60), 2_000, 3_000, 100);

    /** {@code -Dkelp.reliability.size=full} (the reliability-full profile sets it); short otherwise. */
    static SuiteSize fromSystemProperty() {
        String size = System.getProperty("kelp.reliability.size", "short");
        return switch (size) {
            case "short" -> SHORT;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("kelp.reliability.size must be short or full, got " + size);
        };
    }
}
