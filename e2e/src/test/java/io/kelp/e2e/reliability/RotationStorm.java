package io.kelp.e2e.reliability;

import java.time.Duration;

/**
 * Every file rotated every {@link SuiteSize#RENAME_PERIOD}: by rename+create (as the kubelet does),
 * and every {@link SuiteSize#COPYTRUNCATE_PERIOD} by copytruncate instead (as logrotate does), while
 * lines are written to all of them. Rotated files stay until the scenario is over.
 *
 * <p>Copytruncate can destroy lines by nature: those written after the copy and before the
 * truncation. {@link ContainerLog} records them, so the accounting tells them apart from losses.
 */
final class RotationStorm implements Scenario {

    private final int files;
    private final Duration duration;
    private final double linesPerSecond;

    RotationStorm(int files, Duration duration, double linesPerSecond) {
        this.files = files;
        this.duration = duration;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public String name() {
        return "rotation storm";
    }

    @Override
    public String fault() {
        return String.format("%d files for %d s, each renamed+recreated every %d ms and copytruncated every %d s "
                        + "(instead of that rename); %,.0f lines/s over all files", files, duration.toSeconds(),
                SuiteSize.RENAME_PERIOD.toMillis(), SuiteSize.COPYTRUNCATE_PERIOD.toSeconds(), linesPerSecond);
    }

    @Override
    public void run(ScenarioRun run) {
        int copytruncateEvery = (int) (SuiteSize.COPYTRUNCATE_PERIOD.toMillis() / SuiteSize.RENAME_PERIOD.toMillis());
        var logs = run.newLogs(files);
        try (SteadyWriter writer = SteadyWriter.start(logs, linesPerSecond)) {
            try (Rotator rotator = Rotator.start(logs, SuiteSize.RENAME_PERIOD, copytruncateEvery)) {
                Waiting.sleep(duration);
                rotator.close();
                run.note(rotator.summary());
            }
        }
    }
}
