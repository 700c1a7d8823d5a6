package io.veostatus.keep.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.HttpUrl;

/**
 * One HTTP/1.1 GET of a video, on a socket of its own: {@code Connection: close}, no proxy, no cookies, no
 * authentication, no retry, no connection kept for later. The JDK's HttpURLConnection cannot do two things the
 * download needs: connect to the address the {@link SourcePolicy} checked (it resolves the name again, and a DNS
 * answer may change in between), and be cut while a read blocks (its {@code disconnect()} closes the body stream,
 * which waits for the blocked read to time out). Here the socket is connected to a checked address, and
 * {@link #abort()}, from any thread, closes it, which ends a blocked read, connect or handshake at once.
 *
 * <p>Over https the TLS layer is the JDK's, with the URL's host as server name (SNI) and as the name the
 * certificate must carry. A response's head is bounded ({@link #MAX_HEAD_BYTES}); its body is delimited by
 * {@code Content-Length}, chunked transfer coding, or the end of the connection, and one that ends early is
 * an {@link IOException}, never a shorter video.
 */
final class SourceConnection implements AutoCloseable {

    /** The status line and headers together; a CDN's are a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 65_536;
    private static final int MAX_HEADERS = 200;

    private final HttpUrl url;
    /** The socket of the current connect, then of the exchange; replaced for each address tried. */
    private volatile Socket socket;
    private volatile boolean aborted;
    private int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private InputStream body;

    /** A connection to {@code url}, not made yet: {@link #abort()} may be armed before {@link #exchange} starts. */
    SourceConnection(HttpUrl url) {
        this.url = url;
    }

    /**
     * Connects to the first of {@code addresses} that accepts (each one the policy checked), sends the GET and reads
     * the response's head. Each connect waits at most {@code connectTimeout} and each read at most
     * {@code readTimeout}, both cut to the deadline.
     */
    void exchange(List<InetAddress> addresses, SSLSocketFactory tls, Duration connectTimeout, Duration readTimeout,
            Deadline deadline) throws IOException {
        Socket socket = connect(addresses, connectTimeout, deadline);
        socket.setSoTimeout(millis(readTimeout, deadline));
        socket.setTcpNoDelay(true);
        Socket channel = url.https() ? tls(socket, tls) : socket;
        OutputStream out = channel.getOutputStream();
        out.write(request().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new BufferedInputStream(channel.getInputStream());
        do {
            readHead(in);
        } while (status >= 100 && status < 200 && status != 101);
        body = body(in);
    }

    int status() {
        return status;
    }

    /** A header of the response (the last one of that name), by its name in any case. */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The body's length when the response says it, else -1. */
    long contentLength() {
        return body instanceof FixedLength fixed ? fixed.length : -1;
    }

    /** The body; read once. */
    InputStream body() {
        return body;
    }

    /** Closes the socket, from any thread: a read, connect or handshake in progress ends with an IOException. */
    void abort() {
        aborted = true;
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException alreadyClosed) {
                // Closed either way.
            }
        }
    }

    /** A socket connected to the first address that accepts; an abort ends the connect in progress and those after. */
    private Socket connect(List<InetAddress> addresses, Duration connectTimeout, Deadline deadline) throws IOException {
        IOException failure = new SocketException("no address to connect to");
        for (InetAddress address : addresses) {
            Socket attempt = new Socket();
            socket = attempt;
            if (aborted) {
                attempt.close();
                throw new SocketException("the connection was aborted");
            }
            try {
                attempt.connect(new InetSocketAddress(address, url.port()), millis(connectTimeout, deadline));
                return attempt;
            } catch (IOException refused) {
                attempt.close();
                if (aborted) {
                    throw refused;
                }
                failure = refused;
            }
        }
        throw failure;
    }

    @Override
    public void close() {
        abort();
    }

    private Socket tls(Socket socket, SSLSocketFactory tls) throws IOException {
        SSLSocket secure = (SSLSocket) tls.createSocket(socket, url.bareHost(), url.port(), true);
        SSLParameters parameters = secure.getSSLParameters();
        // The certificate must be the host's, as a browser checks it; a factory's own default checks nothing.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        String name = url.bareHost().endsWith(".") ? url.bareHost().substring(0, url.bareHost().length() - 1) : url.bareHost();
        if (!url.host().startsWith("[") && !name.matches("[0-9.]+")) {
            // A server name, never an address (RFC 6066); an address is checked against the certificate as it is.
            try {
                parameters.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException notAName) {
                throw new IOException("the host is not a name TLS can send", notAName);
            }
        }
        secure.setSSLParameters(parameters);
        secure.startHandshake();
        return secure;
    }

    private String request() {
        String path = url.uri().getRawPath() == null || url.uri().getRawPath().isEmpty() ? "/" : url.uri().getRawPath();
        String query = url.uri().getRawQuery() == null ? "" : "?" + url.uri().getRawQuery();
        return "GET " + path + query + " HTTP/1.1\r\n"
                + "Host: " + url.authority() + "\r\n"
                + "Accept: video/*, */*\r\n"
                + "Accept-Encoding: identity\r\n"
                + "User-Agent: veo-status\r\n"
                + "Connection: close\r\n\r\n";
    }

    private void readHead(InputStream in) throws IOException {
        headers.clear();
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = line(in, budget);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("the answer is not HTTP/1.x");
        }
        status = Integer.parseInt(parts[1]);
        for (int count = 0;; count++) {
            String header = line(in, budget);
            if (header.isEmpty()) {
                return;
            }
            int colon = header.indexOf(':');
            if (count >= MAX_HEADERS || colon < 1 || header.charAt(0) == ' ' || header.charAt(0) == '\t') {
                throw new IOException("the answer's headers are malformed");
            }
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            String earlier = headers.put(name, value);
            if (name.equals("content-length") && earlier != null && !earlier.equals(value)) {
                throw new IOException("the answer has two lengths");
            }
        }
    }

    private InputStream body(InputStream in) throws IOException {
        if (status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        Optional<String> coding = header("Transfer-Encoding");
        if (coding.isPresent()) {
            // The length, if any, is not the body's when a transfer coding is applied (RFC 9112, 6.3).
            String last = coding.get().substring(coding.get().lastIndexOf(',') + 1).strip();
            return last.equalsIgnoreCase("chunked") ? new Chunked(in) : in;
        }
        Optional<String> length = header("Content-Length");
        if (length.isPresent()) {
            if (!length.get().matches("[0-9]{1,18}")) {
                throw new IOException("the answer's length is not a number");
            }
            return new FixedLength(in, Long.parseLong(length.get()));
        }
        return in;
    }

    /** One line of the head, without its CRLF (a bare LF ends one too), in ISO-8859-1, within the head's budget. */
    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended within the answer's head");
            }
            if (--budget[0] < 0) {
                throw new IOException("the answer's head is longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private static int millis(Duration timeout, Deadline deadline) {
        long millis = Math.min(timeout.toMillis(), deadline.remaining().toMillis());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    /** A body read from the connection's stream in pieces; one byte is a piece of one. */
    private abstract static class Body extends InputStream {

        protected final InputStream in;

        Body(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A body of a known length: it ends there, and a connection that ends before is an error. */
    private static final class FixedLength extends Body {

        private final long length;
        private long left;

        FixedLength(InputStream in, long length) {
            super(in);
            this.length = length;
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(count, left));
            if (n < 0) {
                throw new EOFException("the connection ended after " + (length - left) + " of " + length + " bytes");
            }
            left -= n;
            return n;
        }
    }

    /** A body in chunked transfer coding: each chunk's size in hex, its bytes, and a last chunk of size 0. */
    private static final class Chunked extends Body {

        private static final int MAX_SIZE_LINE = 1024;
        private long left;
        private boolean ended;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (left == 0 && !ended) {
                nextChunk();
            }
            if (ended) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(count, left));
            if (n < 0) {
                throw new EOFException("the connection ended within a chunk");
            }
            left -= n;
            if (left == 0) {
                crlf();
            }
            return n;
        }

        private void nextChunk() throws IOException {
            int[] budget = {MAX_SIZE_LINE};
            String sizeLine = line(in, budget);
            int extension = sizeLine.indexOf(';');
            String size = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip();
            if (!size.matches("[0-9a-fA-F]{1,15}")) {
                throw new IOException("a chunk's size is not a hex number");
            }
            left = Long.parseLong(size, 16);
            if (left == 0) {
                ended = true;
                // Trailer fields, up to the empty line that ends the message.
                int[] trailers = {MAX_HEAD_BYTES};
                while (!line(in, trailers).isEmpty()) {
                    // Ignored: nothing of a video's is in a trailer.
                }
            }
        }

        private void crlf() throws IOException {
            int[] budget = {2};
            if (!line(in, budget).isEmpty()) {
                throw new IOException("a chunk does not end where its size says");
            }
        }
    }
}
