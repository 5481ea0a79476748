package io.kelp.agent.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskCacheTest {

    private static final String KEY = "/kelp/v1/tasks/shop/web";

    @TempDir
    Path dir;

    private static Map<String, byte[]> tasks(String value) {
        return Map.of(KEY, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String valueIn(Map<String, byte[]> loaded) {
        assertThat(loaded).containsOnlyKeys(KEY);
        return new String(loaded.get(KEY), StandardCharsets.UTF_8);
    }

    @Test
    void saveInterruptedMidWriteKeepsTheLastCompleteViewAndTheNextSaveWorks() {
        TaskCache cache = new TaskCache(dir);
        cache.save(tasks("before"));

        // as when close() has to interrupt the task thread: its interruptible channel closes mid-save
        Thread.currentThread().interrupt();
        try {
            cache.save(tasks("interrupted"));
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(dir.resolve("tasks.v1.tmp")).exists();

        TaskCache restarted = new TaskCache(dir);
        assertThat(valueIn(restarted.load())).isEqualTo("before");
        restarted.save(tasks("after"));
        assertThat(valueIn(restarted.load())).isEqualTo("after");
        assertThat(dir.resolve("tasks.v1.tmp")).doesNotExist();
    }

    @Test
    void longerStaleTempFileIsOverwrittenNotAppendedTo() throws IOException {
        Files.writeString(dir.resolve("tasks.v1.tmp"), "kelp-tasks-v1\n" + KEY + " bGVmdG92ZXI=\n/kelp/v1/tasks/x/y eA==\n");
        TaskCache cache = new TaskCache(dir);
        assertThat(cache.load()).isEmpty();
        cache.save(tasks("new"));
        assertThat(valueIn(cache.load())).isEqualTo("new");
    }
}
