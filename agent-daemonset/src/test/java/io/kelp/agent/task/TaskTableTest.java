package io.kelp.agent.task;

import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import io.kelp.contract.LogFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTableTest {

    private static final CollectionRef WEB = new CollectionRef("shop", "web");

    private final LongAdder invalid = new LongAdder();
    private final AtomicInteger changes = new AtomicInteger();
    private final TaskTable table = new TaskTable(invalid, changes::incrementAndGet);

    private static byte[] task(String container) {
        return new CollectionTask(WEB, 1, CollectionTask.Source.of(List.of("shop"), Map.of(), List.of(container)),
                null, null).toJson();
    }

    @Test
    void putThenDeleteAppliesWithoutRestart() {
        table.put(WEB.taskKey(), task("nginx"));
        assertThat(table.snapshot().get(WEB).task().source().containers()).containsExactly("nginx");
        table.delete(WEB.taskKey());
        assertThat(table.snapshot()).isEmpty();
        assertThat(changes.get()).isEqualTo(2);
    }

    @Test
    void invalidValueIsCountedAndThePreviousViewKept() {
        table.put(WEB.taskKey(), task("nginx"));
        table.put(WEB.taskKey(), "{not json".getBytes(StandardCharsets.UTF_8));
        table.put("/kelp/v1/tasks/Bad_Name/x", task("nginx"));
        assertThat(invalid.sum()).isEqualTo(2);
        assertThat(table.snapshot().get(WEB).task().source().containers()).containsExactly("nginx");
    }

    @Test
    void hostFilesAndMultilineComeFromTheContractValueInTheWireFormOfEarlierOperators() {
        // written by hand in the form agents read before the contract carried these fields
        String json = new String(task("nginx"), StandardCharsets.UTF_8).replace("\"source\":{",
                "\"source\":{\"hostPaths\":[\"/var/log/*.log\"],\"hostLabels\":{\"role\":\"db\"},")
                .replace("\"parse\":{", "\"parse\":{\"multiline\":{\"startPattern\":\"^\\\\S\",\"maxWaitMillis\":300},");
        table.put(WEB.taskKey(), json.getBytes(StandardCharsets.UTF_8));
        AgentTask applied = table.snapshot().get(WEB);
        assertThat(applied.task().source().hostPaths()).containsExactly("/var/log/*.log");
        assertThat(applied.task().source().selectsHost(Map.of("role", "db"))).isTrue();
        assertThat(applied.task().source().selectsHost(Map.of("role", "web"))).isFalse();
        assertThat(applied.multiline().start().pattern()).isEqualTo("^\\S");
        assertThat(applied.multiline().maxWaitMillis()).isEqualTo(300);
        assertThat(applied.task().source().containers()).containsExactly("nginx");
    }

    @Test
    void reputtingAnUnchangedMultilineTaskIsNotAChange() {
        byte[] value = new CollectionTask(WEB, 1, null, new CollectionTask.Parse(LogFormat.CRI,
                new CollectionTask.Multiline("^\\d", null), false), null).toJson();
        table.put(WEB.taskKey(), value);
        table.replaceAll(Map.of(WEB.taskKey(), value.clone()));
        assertThat(changes.get()).isEqualTo(1);
        assertThat(table.snapshot().get(WEB).multiline().maxWaitMillis()).isEqualTo(1_000);
    }

    @Test
    void relativeHostPathIsAnInvalidTask() {
        byte[] value = new CollectionTask(WEB, 1, new CollectionTask.Source(List.of("shop"), Map.of(), List.of(),
                List.of("var/log/*.log"), Map.of()), null, null).toJson();
        table.put(WEB.taskKey(), value);
        assertThat(invalid.sum()).isEqualTo(1);
        assertThat(table.snapshot()).isEmpty();
    }

    @Test
    void invalidMultilinePatternIsAnInvalidTask() {
        String json = new String(task("nginx"), StandardCharsets.UTF_8).replace("\"parse\":{",
                "\"parse\":{\"multiline\":{\"startPattern\":\"(\"},");
        table.put(WEB.taskKey(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(invalid.sum()).isEqualTo(1);
        assertThat(table.snapshot()).isEmpty();
    }

    @Test
    void lastKnownTasksAreRestoredFromTheLocalCacheWithoutEtcd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TaskTable first = new TaskTable(invalid, () -> { }, new TaskCache(dir));
        CollectionRef api = new CollectionRef("shop", "api");
        first.put(WEB.taskKey(), task("nginx"));
        first.put(api.taskKey(), task("api"));
        first.delete(api.taskKey());
        TaskTable afterRestart = new TaskTable(invalid, () -> { }, new TaskCache(dir));
        afterRestart.loadCached();
        assertThat(afterRestart.snapshot().keySet()).containsExactly(WEB);
        assertThat(afterRestart.snapshot().get(WEB).task().source().containers()).containsExactly("nginx");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = new String(task("nginx"), StandardCharsets.UTF_8).replaceFirst("\\{", "{\"future\":{\"x\":1},");
        table.put(WEB.taskKey(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(table.snapshot()).containsKey(WEB);
        assertThat(invalid.sum()).isZero();
    }

    @Test
    void resyncReplacesTheViewButKeepsTasksWhoseNewValueIsInvalid() {
        CollectionRef api = new CollectionRef("shop", "api");
        table.put(WEB.taskKey(), task("nginx"));
        table.put(api.taskKey(), task("api"));
        table.replaceAll(Map.of(WEB.taskKey(), "broken".getBytes(StandardCharsets.UTF_8)));
        assertThat(table.snapshot().keySet()).containsExactly(WEB);
        assertThat(invalid.sum()).isEqualTo(1);
    }
}
