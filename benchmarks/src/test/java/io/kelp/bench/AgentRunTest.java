package io.kelp.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentRunTest {

    @Test
    void readsAnUnlabelledPrometheusSampleAndIgnoresSimilarNames() {
        String text = """
                # HELP kelp_agent_bytes_shipped_total Record value bytes acknowledged by Kafka
                # TYPE kelp_agent_bytes_shipped_total counter
                kelp_agent_bytes_shipped_total_extra 1.0
                kelp_agent_bytes_shipped_total 4.5123E8
                """;
        assertThat(AgentRun.metric(text, "kelp_agent_bytes_shipped_total")).isEqualTo(4.5123E8);
        assertThat(AgentRun.metric(text, "kelp_agent_missing")).isNaN();
    }
}
