package io.kelp.e2e.reliability;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The Markdown table of one suite run: one row per fault, with what was written, lost and duplicated. */
final class ReliabilityReport {

    /** One scenario's row. */
    record Row(ScenarioRun run, Accounting accounting) {
    }

    private final SuiteSize size;
    private final List<Row> rows;
    private final Duration total;
    private final String machine;

    ReliabilityReport(SuiteSize size, List<Row> rows, Duration total, String machine) {
        this.size = size;
        this.rows = List.copyOf(rows);
        this.total = total;
        this.machine = machine;
    }

    String markdown() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("Run: **%s** suite, %s, %s; %d s in total (servers and pipeline start included).%n%n",
                size.name(), LocalDate.now(ZoneOffset.UTC), machine, total.toSeconds()));
        text.append("| fault | what was done | lines written | lost | duplicated "
                + "| copytruncate window: at risk / lost | time (faults + settle) | observed |\n");
        text.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            Accounting a = row.accounting();
            ScenarioRun run = row.run();
            text.append(String.format("| %s | %s | %,d | %,d | %,d | %s | %d s + %d s | %s |%n",
                    run.scenario().name(), run.scenario().fault(), a.written(), a.lost(), a.duplicated(),
                    a.atRisk() == 0 && a.lostInWindow() == 0 ? "–" : String.format("%,d / %,d", a.atRisk(), a.lostInWindow()),
                    run.faultTime().toSeconds(), run.settleTime().toSeconds(), observed(run, a)));
        }
        return text.toString();
    }

    private static String observed(ScenarioRun run, Accounting a) {
        StringBuilder notes = new StringBuilder(String.join("; ", run.notes()));
        if (a.unmarked() > 0) {
            notes.append(notes.isEmpty() ? "" : "; ").append(String.format(
                    "%,d documents without a whole marker (torn lines a copy ended in)", a.unmarked()));
        }
        if (a.unexpected() > 0) {
            notes.append(notes.isEmpty() ? "" : "; ").append(String.format("%,d documents for markers nobody wrote",
                    a.unexpected()));
        }
        return notes.toString().replace("|", "\\|");
    }
}
