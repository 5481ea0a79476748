package io.kelp.agent.task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last known task values, kept on local disk so an agent that restarts while etcd is
 * unreachable keeps collecting what it collected before. Written atomically (temp, fsync, rename)
 * whenever the view changes; one line per task: {@code <key> <base64 value>}.
 */
public final class TaskCache {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCache.class);
    private static final String HEADER = "kelp-tasks-v1";

    private final Path file;

    public TaskCache(Path dir) {
        this.file = dir.resolve("tasks.v1");
    }

    public Map<String, byte[]> load() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            if (lines.length == 0 || !HEADER.equals(lines[0])) {
                LOG.warn("ignoring task cache {}: not a {} file", file, HEADER);
                return values;
            }
            for (int i = 1; i < lines.length; i++) {
                int space = lines[i].indexOf(' ');
                if (space > 0) {
                    values.put(lines[i].substring(0, space), Base64.getDecoder().decode(lines[i].substring(space + 1)));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot read task cache {}: {}", file, e.toString());
        }
        return values;
    }

    public void save(Map<String, byte[]> values) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        values.forEach((key, value) -> text.append(key).append(' ')
                .append(Base64.getEncoder().encodeToString(value)).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write task cache {} (tasks still apply, a restart without etcd would not know them): {}",
                    file, e.toString());
        }
    }
}
