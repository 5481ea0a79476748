package io.kelp.e2e.reliability;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SIGKILL of one component (agent or transfer) again and again while lines are written; each time a
 * new process starts at once on the same state (the agent's checkpoints, the transfer's consumer
 * group) and runs for a random while before the next kill. While the agent dies, its files are
 * also rotated (rename+create every {@link #AGENT_ROTATION}): on a node some file is always being
 * rotated, and a crash next to a rotation is where a tailer loses or repeats lines.
 */
final class ProcessKills implements Scenario {

    /** Which component dies. */
    enum Target { AGENT, TRANSFER }

    private static final int FILES = 4;
    static final Duration AGENT_ROTATION = Duration.ofSeconds(2);

    private final Target target;
    private final int kills;
    private final Duration maxGap;
    private final double linesPerSecond;

    ProcessKills(Target target, int kills, Duration maxGap, double linesPerSecond) {
        this.target = target;
        this.kills = kills;
        this.maxGap = maxGap;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public String name() {
        return target == Target.AGENT ? "agent SIGKILL" : "transfer SIGKILL";
    }

    @Override
    public String fault() {
        return String.format("%d kills + immediate restarts, %d-%d s apart; %,.0f lines/s into %d files%s", kills,
                maxGap.toSeconds() / 2, maxGap.toSeconds(), linesPerSecond, FILES, target == Target.AGENT
                        ? ", each renamed+recreated every " + AGENT_ROTATION.toSeconds() + " s" : "");
    }

    @Override
    public void run(ScenarioRun run) {
        var logs = run.newLogs(FILES);
        try (SteadyWriter writer = SteadyWriter.start(logs, linesPerSecond);
             Rotator rotator = Rotator.start(target == Target.AGENT ? logs : java.util.List.of(), AGENT_ROTATION, 0)) {
            for (int i = 0; i < kills; i++) {
                Waiting.sleep(randomGap(maxGap));
                if (target == Target.AGENT) {
                    run.stack().killAndRestartAgent();
                } else {
                    run.stack().killAndRestartTransfer();
                }
            }
            Waiting.sleep(maxGap);
        }
    }

    /** Between half of {@code max} and {@code max}. */
    static Duration randomGap(Duration max) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(max.toMillis() / 2, max.toMillis() + 1));
    }
}
