package io.kelp.bench;

/**
 * What one shipper did with the benchmark input.
 *
 * @param name        label in the table
 * @param version     the peer's version string
 * @param wallSeconds process start to the last record present in the topic
 * @param cpuSeconds  user + system CPU of the shipper's processes
 * @param peakRssMib  peak resident set of the shipper's processes
 * @param records     records found in the topic at the end (must equal the lines)
 * @param note        how it was measured, or extra figures (agent: JVM startup, from task put)
 */
public record PeerResult(String name, String version, double wallSeconds, double cpuSeconds, double peakRssMib,
                         long records, String note) {

    public double cpuSecondsPerMillion(int lines) {
        return cpuSeconds * 1_000_000.0 / lines;
    }
}
