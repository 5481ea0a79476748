package io.kelp.operator.agents;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * When {@code status.agents} / {@code status.linesPerSecond} are worth a write. The rate of a busy
 * collection moves a little at every heartbeat; writing each move would turn every resync pass
 * into a status write. So:
 * <ul>
 *   <li>the rate is shown with two significant digits ({@code 0}, {@code 0.25}, {@code 7}, {@code 210},
 *       {@code 1200});</li>
 *   <li>a change of the agent count, and a rate starting or stopping (zero vs. non-zero), are
 *       written at once;</li>
 *   <li>any other rate change only when it is at least {@value #RELATIVE_CHANGE_PERCENT}% of the
 *       written rate and the last write is at least {@link #RATE_WRITE_INTERVAL_MILLIS} ms old.</li>
 * </ul>
 * Steady load (noise under 10%) therefore writes nothing, and a drifting rate at most twice a minute.
 */
public final class AgentStatusRule {

    static final int RELATIVE_CHANGE_PERCENT = 10;
    static final long RATE_WRITE_INTERVAL_MILLIS = 30_000;

    private AgentStatusRule() {
    }

    /** What the status shows, and when this operator last wrote it (0: not since it started). */
    public record Written(Integer agents, String linesPerSecond, long atMillis) {
    }

    public static boolean worthWriting(Written written, AgentActivity measured, long nowMillis) {
        if (written.agents() == null || written.linesPerSecond() == null || written.agents() != measured.agents()) {
            return true;
        }
        String shown = display(measured.linesPerSecond());
        if (shown.equals(written.linesPerSecond())) {
            return false;
        }
        double before = parse(written.linesPerSecond());
        // The measured rate, not its rounded display: 1060 against a written 1000 is a 6% move
        // even though it would show as 1100.
        double now = Math.max(0, measured.linesPerSecond());
        if (before < 0 || (before == 0) != (now == 0)) {
            return true;
        }
        return Math.abs(now - before) * 100 >= RELATIVE_CHANGE_PERCENT * before
                && nowMillis - written.atMillis() >= RATE_WRITE_INTERVAL_MILLIS;
    }

    /** Two significant digits, plain notation: 1234.5 → "1200", 0.251 → "0.25", 0 → "0". */
    public static String display(double linesPerSecond) {
        if (!(linesPerSecond > 0)) {
            return "0";
        }
        return new BigDecimal(linesPerSecond).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** A rate as shown in the status; -1 for anything else (edited by hand), which is rewritten. */
    private static double parse(String shown) {
        try {
            double value = Double.parseDouble(shown);
            return value >= 0 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
