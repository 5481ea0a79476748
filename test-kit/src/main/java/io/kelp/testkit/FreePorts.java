package io.kelp.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks free loopback ports for servers that cannot bind port 0 themselves and report it back. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. Another process can take it before the server binds it;
     * that race is rare on a test machine and surfaces as a clear "address in use" start failure.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
