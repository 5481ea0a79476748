package io.kelp.testkit.measure;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a sample (with 50 samples, p99 is the maximum). */
public record Percentiles(int count, double p50, double p90, double p99, double max) {

    public static Percentiles of(List<Double> samples) {
        if (samples.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)", p50, p90, p99, max, count);
    }

    public static String asArray(List<Double> samples) {
        return Arrays.toString(samples.stream().mapToLong(Math::round).toArray());
    }
}
