package io.kelp.transfer.kafka;

import org.jboss.logging.Logger;

/**
 * Makes Kafka decompress lz4 with lz4-java's JNI library instead of its pure-Java code.
 *
 * <p>Kafka picks its decompressor once, with {@code LZ4Factory.fastestInstance()}, which takes the
 * bundled native library only when it is already loaded or lz4-java sits on the system class
 * loader. In the Quarkus fast-jar lz4-java is loaded by the runner class loader, so every fetched
 * batch went through {@code LZ4JavaSafeSafeDecompressor}, the largest single cost of the consume
 * thread in the benchmark profile. Loading the library before the consumer decompresses anything
 * fixes the choice. Reflection: lz4-java is a runtime dependency of kafka-clients, not our API.
 */
public final class NativeLz4 {

    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    private NativeLz4() {
    }

    /**
     * Loads the native library if it can; returns the implementation Kafka will now get, e.g.
     * {@code LZ4Factory:JNI} (or {@code LZ4Factory:JavaSafe} where no native library fits).
     */
    public static String load() {
        try {
            Class<?> factory = Class.forName("net.jpountz.lz4.LZ4Factory");
            try {
                factory.getMethod("nativeInstance").invoke(null);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                LOG.infof("native lz4 unavailable: %s", e);
            }
            String chosen = String.valueOf(factory.getMethod("fastestInstance").invoke(null));
            LOG.infof("Kafka decompresses lz4 with %s", chosen);
            return chosen;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warnf("cannot tell which lz4 Kafka uses: %s", e);
            return "unknown";
        }
    }
}
