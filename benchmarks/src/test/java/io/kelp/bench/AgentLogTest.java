package io.kelp.bench;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentLogTest {

    @Test
    void readsTheFirstTailingLinePerPath() {
        Map<String, Long> starts = AgentLog.tailingStarts(List.of(
                "2026-11-21T22:34:42.874Z INFO  [AgentRuntime] kelp agent started on node bench-node",
                "2026-11-21T22:34:43.001Z INFO  [TailOpener] tailing /p/a_b_c/app/0.log for a/x from offset 0 (source 1)",
                "2026-11-21T22:34:44.001Z INFO  [TailOpener] tailing /p/a_b_c/app/0.log for a/y from offset 0 (source 2)",
                "2026-11-21T23:34:43.500+01:00 INFO  [TailOpener] tailing /p/d_e_f/app/0.log for d/x from offset 0",
                "\tat io.kelp.agent.Foo] tailing nonsense"));
        assertThat(starts).containsOnlyKeys("/p/a_b_c/app/0.log", "/p/d_e_f/app/0.log");
        assertThat(starts.get("/p/a_b_c/app/0.log"))
                .isEqualTo(OffsetDateTime.parse("2026-11-21T22:34:43.001Z").toInstant().toEpochMilli());
        assertThat(starts.get("/p/d_e_f/app/0.log") - starts.get("/p/a_b_c/app/0.log")).isEqualTo(499);
    }
}
