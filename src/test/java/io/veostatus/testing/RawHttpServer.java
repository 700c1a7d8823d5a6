package io.veostatus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP server of a few lines that answers every request with the exact bytes it is given, then closes the
 * connection: what WireMock cannot send (an informational status followed by the real reply, a status line outside
 * 100-599, a body where none belongs, a protocol that is not HTTP). Listens on a free port of 127.0.0.1;
 * {@link #close()} stops it.
 */
public final class RawHttpServer implements AutoCloseable {

    /** CR LF CR LF as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicReference<byte[]> reply = new AtomicReference<>(new byte[0]);

    private RawHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::serve, "raw-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RawHttpServer start() {
        try {
            return new RawHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** What every request is answered with from now on, as text (CRLF line ends are the caller's to write). */
    public void answer(String bytes) {
        reply.set(bytes.getBytes(StandardCharsets.UTF_8));
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(5_000);
                readRequestHead(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                out.write(reply.get());
                out.flush();
                connection.shutdownOutput();
            } catch (SocketException closedOrReset) {
                // The server was closed, or the client went away: the next connection, if any, is served.
            } catch (IOException e) {
                // A client that sent no complete request is not answered.
            }
        }
    }

    /** Reads up to the blank line that ends the request's head; the function's requests have no body. */
    private static void readRequestHead(InputStream in) throws IOException {
        int last = 0;
        int b;
        while ((b = in.read()) != -1) {
            last = last << 8 | b;
            if (last == END_OF_HEAD) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        socket.close();
        acceptor.join(5_000);
    }
}
