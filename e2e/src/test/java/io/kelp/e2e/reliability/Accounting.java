package io.kelp.e2e.reliability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lines written against documents found, for one stream.
 *
 * <ul>
 *   <li><b>lost</b>: a written line with no document, outside any copytruncate window;</li>
 *   <li><b>lost in a copytruncate window</b>: a line with no document that was written after the
 *       copy had read past it and before the truncation, i.e. that existed only in the truncated
 *       part of the file: no tailer can guarantee it (logrotate's own caveat);</li>
 *   <li><b>at risk</b>: all lines written into such windows, shipped or not: the bound of the above;</li>
 *   <li><b>duplicated</b>: documents beyond the first for one line;</li>
 *   <li><b>unexpected</b>: documents for markers no writer wrote (would mean corrupted markers).</li>
 * </ul>
 */
record Accounting(long written, long lost, long duplicated, long atRisk, long lostInWindow, long unmarked,
                  long unexpected, List<String> firstLost, List<String> firstDuplicated, List<String> unmarkedSamples) {

    private static final int EXAMPLES = 10;

    static Accounting of(List<ContainerLog> logs, DocumentTally tally) {
        long written = 0;
        long lost = 0;
        long duplicated = 0;
        long atRisk = 0;
        long lostInWindow = 0;
        long unexpected = 0;
        List<String> firstLost = new ArrayList<>();
        List<String> firstDuplicated = new ArrayList<>();
        Set<Integer> writers = new HashSet<>();
        for (ContainerLog log : logs) {
            writers.add(log.writer());
            long lines = log.written();
            written += lines;
            atRisk += log.atRiskFromTruncation();
            for (long seq = 0; seq < lines; seq++) {
                Marker marker = log.marker(seq);
                int found = tally.count(marker);
                if (found == 0 && log.inTruncationWindow(seq)) {
                    lostInWindow++;
                } else if (found == 0) {
                    lost++;
                    if (firstLost.size() < EXAMPLES) {
                        firstLost.add(marker + " (" + log.file() + ")");
                    }
                } else if (found > 1) {
                    duplicated += found - 1;
                    if (firstDuplicated.size() < EXAMPLES) {
                        firstDuplicated.add(marker + " x" + found);
                    }
                }
            }
            unexpected += tally.seqsFrom(log.writer(), lines).size();
        }
        for (int writer : tally.writers()) {
            if (!writers.contains(writer)) {
                unexpected += tally.seqsFrom(writer, 0).size();
            }
        }
        return new Accounting(written, lost, duplicated, atRisk, lostInWindow, tally.unmarked(), unexpected,
                List.copyOf(firstLost), List.copyOf(firstDuplicated), List.copyOf(tally.unmarkedSamples()));
    }

    /** Nothing lost (outside copytruncate windows), nothing duplicated, nothing that nobody wrote. */
    boolean clean() {
        return lost == 0 && duplicated == 0 && unexpected == 0;
    }

    /** The failure report: counts and the first missing and duplicated markers. */
    String describe() {
        StringBuilder text = new StringBuilder(String.format(
                "written %d, lost %d, duplicated %d, unexpected %d, copytruncate window: %d at risk, %d lost; "
                        + "unmarked documents %d", written, lost, duplicated, unexpected, atRisk, lostInWindow, unmarked));
        if (!firstLost.isEmpty()) {
            text.append("\n  first lost: ").append(String.join(", ", firstLost));
        }
        if (!firstDuplicated.isEmpty()) {
            text.append("\n  first duplicated: ").append(String.join(", ", firstDuplicated));
        }
        if (!unmarkedSamples.isEmpty()) {
            text.append("\n  unmarked samples: ").append(String.join(" | ", unmarkedSamples));
        }
        return text.toString();
    }
}
