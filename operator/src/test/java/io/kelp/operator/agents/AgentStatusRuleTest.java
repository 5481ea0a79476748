package io.kelp.operator.agents;

import io.kelp.operator.agents.AgentStatusRule.Written;
import org.junit.jupiter.api.Test;

import static io.kelp.operator.agents.AgentStatusRule.display;
import static io.kelp.operator.agents.AgentStatusRule.worthWriting;
import static org.assertj.core.api.Assertions.assertThat;

class AgentStatusRuleTest {

    private static final long LONG_AGO = 0;
    private static final long NOW = 1_000_000;

    @Test
    void ratesAreShownWithTwoSignificantDigits() {
        assertThat(display(0)).isEqualTo("0");
        assertThat(display(-1)).isEqualTo("0");
        assertThat(display(Double.NaN)).isEqualTo("0");
        assertThat(display(0.251)).isEqualTo("0.25");
        assertThat(display(7)).isEqualTo("7");
        assertThat(display(212.4)).isEqualTo("210");
        assertThat(display(1234.5)).isEqualTo("1200");
        assertThat(display(98_765)).isEqualTo("99000");
    }

    @Test
    void firstMeasurementIsWritten() {
        assertThat(worthWriting(new Written(null, null, LONG_AGO), AgentActivity.NONE, NOW)).isTrue();
    }

    @Test
    void aChangedAgentCountIsWrittenAtOnce() {
        Written written = new Written(1, "200", NOW);
        assertThat(worthWriting(written, new AgentActivity(2, 200), NOW)).isTrue();
        assertThat(worthWriting(written, new AgentActivity(0, 0), NOW)).isTrue();
    }

    @Test
    void shippingStartingOrStoppingIsWrittenAtOnce() {
        assertThat(worthWriting(new Written(1, "0", NOW), new AgentActivity(1, 3), NOW)).isTrue();
        assertThat(worthWriting(new Written(1, "300", NOW), new AgentActivity(1, 0), NOW)).isTrue();
    }

    @Test
    void steadyLoadWithNoiseUnderTenPercentWritesNothing() {
        Written written = new Written(3, "1000", LONG_AGO);
        for (double rate : new double[] {951, 990, 1004, 1049, 1060}) {
            assertThat(worthWriting(written, new AgentActivity(3, rate), NOW)).as("rate %s", rate).isFalse();
        }
    }

    @Test
    void aRateChangeOfTenPercentOrMoreIsWrittenOnlyOnceTheLastWriteIsOldEnough() {
        assertThat(worthWriting(new Written(3, "1000", NOW - 5_000), new AgentActivity(3, 1500), NOW)).isFalse();
        assertThat(worthWriting(new Written(3, "1000", NOW - AgentStatusRule.RATE_WRITE_INTERVAL_MILLIS),
                new AgentActivity(3, 1500), NOW)).isTrue();
        assertThat(worthWriting(new Written(3, "1000", LONG_AGO), new AgentActivity(3, 880), NOW)).isTrue();
    }

    @Test
    void aRateThatIsNotANumberIsRewritten() {
        assertThat(worthWriting(new Written(1, "lots", NOW), new AgentActivity(1, 5), NOW)).isTrue();
    }
}
