package io.kelp.e2e.reliability;

import io.kelp.testkit.InstanceDirs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's run: its stream id, the logs it wrote, notes for the table, and the wait for the
 * pipeline to deliver what was written before the next fault starts.
 */
final class ScenarioRun {

    /** Stop waiting for missing lines once the document count has not moved for this long. */
    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final Duration MAX_SETTLE = Duration.ofMinutes(5);

    private final ReliabilityStack stack;
    private final Scenario scenario;
    private final String stream = Marker.newStream();
    private final List<ContainerLog> logs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Duration maxSettle = MAX_SETTLE;
    private long startNanos;
    private Duration faultTime = Duration.ZERO;
    private Duration settleTime = Duration.ZERO;

    ScenarioRun(ReliabilityStack stack, Scenario scenario) {
        this.stack = stack;
        this.scenario = scenario;
    }

    /** How long to wait at most for the written lines to become searchable (default 5 minutes). */
    ScenarioRun settleAtMost(Duration duration) {
        this.maxSettle = duration;
        return this;
    }

    ReliabilityStack stack() {
        return stack;
    }

    Scenario scenario() {
        return scenario;
    }

    String stream() {
        return stream;
    }

    /** A new log for a new writer of this stream. */
    ContainerLog newLog() {
        if (logs.size() >= Marker.MAX_WRITERS) {
            throw new IllegalStateException("at most " + Marker.MAX_WRITERS + " writers per stream");
        }
        ContainerLog log = stack.newLog(stream, logs.size());
        logs.add(log);
        return log;
    }

    List<ContainerLog> newLogs(int count) {
        List<ContainerLog> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(newLog());
        }
        return created;
    }

    List<ContainerLog> logs() {
        return List.copyOf(logs);
    }

    long written() {
        return logs.stream().mapToLong(ContainerLog::written).sum();
    }

    /** A fact for the table's notes column, e.g. "indexed during the outage: 5,210". */
    void note(String fact) {
        notes.add(fact);
        System.out.println("[" + scenario.name() + "] " + fact);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    /** Documents of this stream now searchable. */
    long searchable() {
        return DocumentTally.count(stack.es(), ReliabilityStack.COLLECTION.indexPattern(), stream);
    }

    void execute() throws Exception {
        startNanos = System.nanoTime();
        try {
            scenario.run(this);
        } finally {
            logs.forEach(ContainerLog::close);
        }
        faultTime = Duration.ofNanos(System.nanoTime() - startNanos);
        long settleStart = System.nanoTime();
        awaitDelivered();
        settleTime = Duration.ofNanos(System.nanoTime() - settleStart);
        // The pods are gone, as after a deployment: later scenarios start with an agent tailing few files.
        logs.forEach(log -> InstanceDirs.deleteQuietly(log.podDirectory()));
    }

    /**
     * Returns once every written line is searchable (plus a short grace for late duplicates), or
     * once the count has stopped moving for {@link #QUIET}: the accounting then says what is missing.
     */
    private void awaitDelivered() {
        long expected = written();
        long deadline = System.nanoTime() + maxSettle.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = searchable();
            if (now >= expected) {
                Waiting.sleep(Duration.ofSeconds(2));
                return;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > QUIET.toNanos()) {
                return;
            }
            Waiting.sleep(Duration.ofSeconds(1));
        }
    }

    /** Writing and faults. */
    Duration faultTime() {
        return faultTime;
    }

    /** From the end of writing until everything written was searchable (or the count stopped moving). */
    Duration settleTime() {
        return settleTime;
    }
}
