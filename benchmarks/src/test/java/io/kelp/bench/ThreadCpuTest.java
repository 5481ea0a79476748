package io.kelp.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {

    @Test
    void groupsNumberedThreadsOfOneKind() {
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC Thread");
        assertThat(ThreadCpu.group("executor-thread-12")).isEqualTo("executor-thread");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
        assertThat(ThreadCpu.group("kelp-tail")).isEqualTo("kelp-tail");
    }

    @Test
    void summaryListsTheBiggestFirstAndSkipsIdleThreads() {
        Map<String, Double> byName = new LinkedHashMap<>();
        byName.put("kelp-tail", 3.0);
        byName.put("kafka-producer-", 1.5);
        byName.put("idle", 0.0);
        assertThat(ThreadCpu.summary(byName, 5)).isEqualTo("kelp-tail 3.00 s, kafka-producer- 1.50 s");
    }

    @Test
    void readsThisJvmsThreads() {
        assertThat(ThreadCpu.byThreadName(ProcessHandle.current().pid())).containsKey("java");
    }
}
