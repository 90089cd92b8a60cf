package org.kepu.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP/1.1 relay in front of S3Proxy that makes its conditional writes atomic, as MinIO and AWS S3
 * are. S3Proxy checks {@code If-Match} and then writes without a lock, so two clients replacing one key
 * by compare-and-set can both win. Here a PUT or POST carrying {@code If-Match} or {@code If-None-Match}
 * holds a lock on its object path from the moment its head is forwarded until its response has been
 * read completely; every other request passes straight through. One thread per client connection reads
 * a request, forwards it with its body, then forwards the response with its body (Content-Length,
 * chunked, or until close), and loops while the connection is kept alive.
 */
public final class ConditionalWriteRelay implements AutoCloseable {

    private static final int MAX_HEAD = 64 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private ConditionalWriteRelay(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
    }

    /** A relay to the host and port of {@code server}, already accepting. */
    public static ConditionalWriteRelay to(URI server) {
        try {
            ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            ConditionalWriteRelay relay =
                    new ConditionalWriteRelay(new InetSocketAddress(server.getHost(), server.getPort()), socket);
            Thread accepting = new Thread(relay::accept, "s3-relay-" + socket.getLocalPort());
            accepting.setDaemon(true);
            accepting.start();
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the S3 relay", e);
        }
    }

    /** {@code http://127.0.0.1:port}: the address clients use instead of the server's. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread thread = new Thread(() -> serve(client), "s3-relay-conn");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(target, 5_000);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = new BufferedOutputStream(client.getOutputStream());
            InputStream fromServer = new BufferedInputStream(upstream.getInputStream());
            OutputStream toServer = new BufferedOutputStream(upstream.getOutputStream());
            while (true) {
                Head request = Head.read(fromClient);
                if (request == null) {
                    return;
                }
                ReentrantLock lock = conditionalWrite(request)
                        ? locks.computeIfAbsent(path(request), p -> new ReentrantLock())
                        : null;
                if (lock != null) {
                    lock.lock();
                }
                boolean close;
                try {
                    close = exchange(request, fromClient, toClient, fromServer, toServer);
                } finally {
                    if (lock != null) {
                        lock.unlock();
                    }
                }
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // one side closed or broke: close both below
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            sockets.remove(upstream);
        }
    }

    /** Forwards one request and its response; true when the connection ends after it. */
    private static boolean exchange(
            Head request, InputStream fromClient, OutputStream toClient, InputStream fromServer, OutputStream toServer)
            throws IOException {
        boolean expectsContinue = "100-continue".equalsIgnoreCase(request.header("expect"));
        Head forwarded = expectsContinue ? request.without("expect") : request;
        if (expectsContinue) {
            // The relay answers the client's wait itself and sends the body on without waiting upstream.
            toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
        }
        forwarded.write(toServer);
        copyBody(request, fromClient, toServer, false);
        toServer.flush();
        Head response;
        do {
            response = Head.read(fromServer);
            if (response == null) {
                throw new EOFException("the server closed before answering");
            }
            response.write(toClient);
        } while (response.status() >= 100 && response.status() < 200 && response.status() != 101);
        boolean noBody = request.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
        boolean untilClose = false;
        if (!noBody) {
            untilClose = copyBody(response, fromServer, toClient, true);
        }
        toClient.flush();
        return untilClose
                || "close".equalsIgnoreCase(request.header("connection"))
                || "close".equalsIgnoreCase(response.header("connection"));
    }

    /** Copies the body framed by {@code head}; true when it was read until the connection closed. */
    private static boolean copyBody(Head head, InputStream in, OutputStream out, boolean response) throws IOException {
        String encoding = head.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            copyChunked(in, out);
            return false;
        }
        String length = head.header("content-length");
        if (length != null) {
            copyExactly(in, out, Long.parseLong(length.strip()));
            return false;
        }
        if (!response) {
            return false;
        }
        in.transferTo(out);
        return true;
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = line(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                // trailers, then the empty line that ends the body
                for (String trailer = line(in); ; trailer = line(in)) {
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    if (trailer.isEmpty()) {
                        return;
                    }
                }
            }
            copyExactly(in, out, size);
            String end = line(in);
            out.write((end + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("body cut short");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** A line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a line");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_HEAD) {
                throw new IOException("line too long");
            }
            previous = b;
        }
    }

    private static boolean conditionalWrite(Head request) {
        String method = request.method();
        return (method.equals("PUT") || method.equals("POST"))
                && (request.header("if-match") != null || request.header("if-none-match") != null);
    }

    /** The object a request names: its path without the query, so multipart steps of one key share a lock. */
    private static String path(Head request) {
        String target = request.target();
        int query = target.indexOf('?');
        return query >= 0 ? target.substring(0, query) : target;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(ConditionalWriteRelay::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    /** A request or response head: its start line and header lines as sent. */
    private record Head(String startLine, List<String> lines) {

        /** Null when the connection closed cleanly before a new head. */
        static Head read(InputStream in) throws IOException {
            in.mark(1);
            if (in.read() < 0) {
                return null;
            }
            in.reset();
            String start = line(in);
            List<String> lines = new ArrayList<>();
            int size = start.length();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                size += line.length();
                if (size > MAX_HEAD) {
                    throw new IOException("head too large");
                }
                lines.add(line);
            }
            return new Head(start, lines);
        }

        String method() {
            return startLine.substring(0, Math.max(startLine.indexOf(' '), 0));
        }

        String target() {
            String[] parts = startLine.split(" ", 3);
            return parts.length > 1 ? parts[1] : "/";
        }

        int status() {
            String[] parts = startLine.split(" ", 3);
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        String header(String name) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }

        Head without(String name) {
            List<String> kept = lines.stream()
                    .filter(line -> {
                        int colon = line.indexOf(':');
                        return colon <= 0 || !line.substring(0, colon).strip().equalsIgnoreCase(name);
                    })
                    .toList();
            return new Head(startLine, kept);
        }

        void write(OutputStream out) throws IOException {
            StringBuilder text = new StringBuilder(startLine).append("\r\n");
            lines.forEach(line -> text.append(line).append("\r\n"));
            text.append("\r\n");
            out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
