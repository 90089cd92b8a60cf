package org.kepu.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 in front of a server, which a test can take down and bring back on the same
 * port. To the application behind it, a cut relay is a stopped server: new connections are refused and
 * open ones are closed. The server itself keeps running, so other tests sharing it see nothing.
 */
public final class TcpRelay implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpRelay(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A relay to the host and port of {@code server}, already forwarding. */
    public static TcpRelay to(URI server) {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TcpRelay relay =
                    new TcpRelay(new InetSocketAddress(server.getHost(), server.getPort()), free.getLocalPort());
            free.close();
            relay.restore();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for a relay", e);
        }
    }

    /** {@code http://127.0.0.1:port}: give this to the application instead of the server's address. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Like stopping the server: refuses new connections and closes open ones. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        sockets.forEach(TcpRelay::closeQuietly);
        sockets.clear();
    }

    /** Like starting the server again, on the same port. */
    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            Thread accepting = new Thread(() -> accept(server), "relay-" + port);
            accepting.setDaemon(true);
            accepting.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                try {
                    upstream.connect(target, 5_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed by cut(); the loop ends
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed: close both below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "relay-" + port + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        cut();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
