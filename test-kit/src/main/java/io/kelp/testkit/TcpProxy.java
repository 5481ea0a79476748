package io.kelp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on a loopback port that a test can cut and restore, to make a server unreachable
 * for a client without stopping the server (other clients, and the test itself, keep using it).
 * {@link #cut()} closes every forwarded connection and from then on closes each new one as soon as
 * it is accepted, so the client sees its connection end rather than hang; {@link #restore()}
 * forwards again. The
 * port stays the same throughout. Plain sockets, two daemon threads per connection.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    /** Both ends of every forwarded connection; guarded by this, like {@link #cut}. */
    private final List<Socket> open = new ArrayList<>();
    /** The accepted end of every forwarded connection; guarded by this. */
    private final Set<Socket> clients = new HashSet<>();
    private final AtomicLong refused = new AtomicLong();
    private boolean cut;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts forwarding a new loopback port to {@code host:port}. */
    public static TcpProxy to(String host, int port) {
        try {
            return new TcpProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for a proxy to " + host + ":" + port, e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every forwarded connection and refuses new ones until {@link #restore()}; returns how many it closed. */
    public synchronized int cut() {
        cut = true;
        int connections = clients.size();
        closeAll();
        return connections;
    }

    public synchronized void restore() {
        cut = false;
    }

    /** Connections accepted and closed at once because the proxy was cut: the client kept trying. */
    public long refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        synchronized (this) {
            closeAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            forward(client);
        }
    }

    private void forward(Socket client) {
        if (!register(client, true)) {
            refused.incrementAndGet();
            closeQuietly(client);
            return;
        }
        Socket server = new Socket();
        try {
            server.connect(target, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        // Cut between accept and connect: the check under the lock closes both ends.
        if (!register(server, false)) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        pump(client, server, "up");
        pump(server, client, "down");
    }

    /** Adds a socket to the open ones unless the proxy is cut or closed: one step against {@link #cut()}. */
    private synchronized boolean register(Socket socket, boolean client) {
        if (cut || closed) {
            return false;
        }
        open.add(socket);
        if (client) {
            clients.add(socket);
        }
        return true;
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One end closed or was cut: the other end goes too, below.
            } finally {
                end(from, to);
            }
        }, "tcp-proxy-" + port() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    /** A connection ends as a whole: either side closing closes both, as a cut would. */
    private synchronized void end(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
        clients.remove(a);
        clients.remove(b);
    }

    private void closeAll() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        clients.clear();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed or reset: nothing left to release.
        }
    }
}
