package io.veostatus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ServerSocketFactory;

/**
 * A server of the tests' own that writes its answers byte by byte as a test scripts them (a trickle, a stall, a
 * redirect, a chunked body, a TLS one), and counts every connection it accepts, whether or not a request follows:
 * a stand-in of an internal service that must never be reached, or of a CDN that misbehaves. Bound to the wildcard
 * address it accepts whatever this machine's addresses a client may connect to (127.0.0.1, ::1, ...). It also sends
 * what WireMock cannot (an informational status before the reply, a status outside 100-599, a body where none
 * belongs, a protocol that is not HTTP): {@link #answeringAsTold()}.
 */
public final class RawHttpServer implements AutoCloseable {

    /** Writes the answer to one request, whose request line is given. */
    @FunctionalInterface
    public interface Handler {
        void answer(String requestLine, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "raw-http-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Handler handler;
    /** The bytes every request is answered with, for a server without a handler of its own. */
    private final AtomicReference<byte[]> told = new AtomicReference<>(new byte[0]);

    private RawHttpServer(ServerSocket server, Handler handler) {
        this.server = server;
        this.handler = handler != null ? handler : (request, out) -> out.write(told.get());
    }

    /** On a free port of 127.0.0.1, answering every request with the bytes last given to {@link #answer(String)}. */
    public static RawHttpServer answeringAsTold() {
        return start(ServerSocketFactory.getDefault(), InetAddress.getLoopbackAddress(), 0, null);
    }

    /** What every request is answered with from now on, as text (the CR LF line ends are the caller's to write). */
    public void answer(String bytes) {
        told.set(bytes.getBytes(StandardCharsets.UTF_8));
    }

    /** The http URL of a server on 127.0.0.1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** On a free port of every address of this machine. */
    public static RawHttpServer onEveryAddress(Handler handler) {
        return start(ServerSocketFactory.getDefault(), null, 0, handler);
    }

    /**
     * On {@code port} (0: a free one) of {@code address} (null: every address), accepting with {@code sockets} (an
     * SSLServerSocketFactory for TLS).
     */
    public static RawHttpServer start(ServerSocketFactory sockets, InetAddress address, int port, Handler handler) {
        try {
            ServerSocket server = sockets.createServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), 50);
            RawHttpServer started = new RawHttpServer(server, handler);
            started.threads.execute(started::accept);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer with a body of {@code Content-Length}, at once. */
    public static Handler answering(int status, String contentType, byte[] body) {
        return (request, out) -> {
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        };
    }

    /** A redirect to {@code location}. */
    public static Handler redirecting(int status, String location) {
        return (request, out) -> out.write(("HTTP/1.1 " + status + " Moved\r\nLocation: " + location
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far, each whether or not it sent a request. */
    public int connections() {
        return connections.get();
    }

    /** The request lines received so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            } catch (RuntimeException stopped) {
                // The executor is shutting down with the server.
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String requestLine = head(in);
            requests.add(requestLine);
            handler.answer(requestLine, out);
            out.flush();
        } catch (IOException | InterruptedException gone) {
            // The client went away, or the server is stopping: either is what a test may be about.
        } finally {
            open.remove(socket);
        }
    }

    /** Reads a request's head; gives its first line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int end = head.indexOf("\r\n");
        return end < 0 ? head.toString() : head.substring(0, end);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closed either way.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server's threads did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
