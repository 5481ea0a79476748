package io.kelp.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Picks free loopback ports for servers that cannot bind port 0 themselves and report it back. */
public final class FreePorts {

    // Below Linux's ephemeral range (32768-60999): a port asked of the OS with bind(0), or the local
    // port of any outgoing connection, comes from that range, so a port picked there can be taken
    // by an unrelated client between our check and the server's bind. Seen in CI as
    // Elasticsearch's BindHttpException while other tests were connecting.
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A port that is free now and that this JVM has not handed out before. Another process can
     * still take it before the server binds it; servers that see "address in use" retry on new ports.
     */
    public static int next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(LOW, HIGH);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            if (isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOW + " and " + HIGH + " after 200 tries");
    }

    /** Whether a server could bind this loopback port right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
