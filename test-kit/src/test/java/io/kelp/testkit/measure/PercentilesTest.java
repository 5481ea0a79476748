package io.kelp.testkit.measure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundred() {
        List<Double> samples = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            samples.add((double) i);
        }
        Percentiles p = Percentiles.of(samples);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p90()).isEqualTo(90);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void withFiftySamplesP99IsTheSlowest() {
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            samples.add((double) i);
        }
        assertThat(Percentiles.of(samples).p99()).isEqualTo(50);
    }

    @Test
    void emptySampleHasNoFigures() {
        assertThat(Percentiles.of(List.of()).count()).isZero();
        assertThat(Percentiles.of(List.of()).p50()).isNaN();
    }
}
