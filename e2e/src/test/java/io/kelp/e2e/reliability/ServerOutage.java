package io.kelp.e2e.reliability;

import java.time.Duration;

/**
 * Elasticsearch or etcd stopped (SIGTERM) for a while as lines are written, then started again on
 * the same port with the same data.
 *
 * <p>Elasticsearch down: the transfer must hold its offsets and catch up. etcd down: agent and
 * transfer must go on with the tasks they know; halfway through the outage the agent is also
 * killed and restarted, so it must start from its locally persisted tasks.
 */
final class ServerOutage implements Scenario {

    /** Which server goes away. */
    enum Server { ELASTICSEARCH, ETCD }

    private static final int FILES = 4;
    private static final Duration BEFORE_AND_AFTER = Duration.ofSeconds(3);

    private final Server server;
    private final Duration outage;
    private final double linesPerSecond;

    ServerOutage(Server server, Duration outage, double linesPerSecond) {
        this.server = server;
        this.outage = outage;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public String name() {
        return server == Server.ELASTICSEARCH ? "Elasticsearch stopped" : "etcd stopped";
    }

    @Override
    public String fault() {
        return String.format("stopped for %d s%s; %,.0f lines/s into %d files", outage.toSeconds(),
                server == Server.ETCD ? ", agent SIGKILLed and restarted halfway" : "", linesPerSecond, FILES);
    }

    @Override
    public void run(ScenarioRun run) {
        try (SteadyWriter writer = SteadyWriter.start(run.newLogs(FILES), linesPerSecond)) {
            Waiting.sleep(BEFORE_AND_AFTER);
            if (server == Server.ELASTICSEARCH) {
                elasticsearchOutage(run);
            } else {
                etcdOutage(run);
            }
            Waiting.sleep(BEFORE_AND_AFTER);
        }
    }

    private void elasticsearchOutage(ScenarioRun run) {
        run.stack().elasticsearch().stop();
        long stopped = System.nanoTime();
        Waiting.sleep(outage);
        run.stack().elasticsearch().start();
        run.note(String.format("down %.0f s (restart included)", (System.nanoTime() - stopped) / 1e9));
    }

    private void etcdOutage(ScenarioRun run) {
        long before = run.searchable();
        run.stack().etcd().stop();
        long stopped = System.nanoTime();
        Waiting.sleep(outage.dividedBy(2));
        run.stack().killAndRestartAgent();
        Waiting.sleep(outage.dividedBy(2));
        long during = run.searchable() - before;
        run.stack().etcd().start();
        run.note(String.format("down %.0f s; %,d lines indexed meanwhile", (System.nanoTime() - stopped) / 1e9,
                during));
    }
}
