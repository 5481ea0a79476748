package io.kelp.e2e.reliability;

import java.time.Duration;

/**
 * The Kafka broker (a separate process) goes down and comes back on the same port with the same
 * data while lines are written: alternately SIGKILL (a crash) and SIGTERM (a controlled shutdown).
 * The agent must hold its lines until the broker is back; the transfer must resume consuming.
 */
final class KafkaRestarts implements Scenario {

    private static final int FILES = 4;

    private final int restarts;
    private final Duration maxGap;
    private final double linesPerSecond;

    KafkaRestarts(int restarts, Duration maxGap, double linesPerSecond) {
        this.restarts = restarts;
        this.maxGap = maxGap;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public String name() {
        return "Kafka broker restart";
    }

    @Override
    public String fault() {
        return String.format("%d restarts (SIGKILL and SIGTERM alternately), %d-%d s apart; %,.0f lines/s into %d files",
                restarts, maxGap.toSeconds() / 2, maxGap.toSeconds(), linesPerSecond, FILES);
    }

    @Override
    public void run(ScenarioRun run) {
        try (SteadyWriter writer = SteadyWriter.start(run.newLogs(FILES), linesPerSecond)) {
            for (int i = 0; i < restarts; i++) {
                Waiting.sleep(ProcessKills.randomGap(maxGap));
                long down = System.nanoTime();
                if (i % 2 == 0) {
                    run.stack().kafka().kill();
                } else {
                    run.stack().kafka().stop();
                }
                run.stack().kafka().start();
                run.note(String.format("restart %d: broker back after %.1f s", i + 1,
                        (System.nanoTime() - down) / 1e9));
            }
            Waiting.sleep(maxGap);
        }
    }
}
