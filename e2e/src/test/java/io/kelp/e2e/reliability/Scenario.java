package io.kelp.e2e.reliability;

/** One fault of the suite: writes marked lines through {@link ScenarioRun} while injecting it. */
interface Scenario {

    /** The table row's name, e.g. "agent SIGKILL". */
    String name();

    /** The fault as run, with this size's numbers, e.g. "20 kills, 3-6 s apart, 1,000 lines/s". */
    String fault();

    /** Writes lines (logs from {@code run}) and injects the fault; returns when the writing is over. */
    void run(ScenarioRun run) throws Exception;
}
