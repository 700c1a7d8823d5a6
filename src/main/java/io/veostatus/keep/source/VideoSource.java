package io.veostatus.keep.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.SourceGoneException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.error.VideoTooLargeException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.DeadlineTimer;
import io.veostatus.kernel.HttpUrl;

/**
 * One download of a video from the vendor's CDN, read as a stream: never more than a buffer of it in
 * memory. Every outcome of the source is given its meaning here, as record-info's are in the classifier:
 * <pre>
 * HTTP 200                      -> the body, with its length when the CDN sends one
 * HTTP 301, 302, 303, 307, 308  -> the Location, checked as the first URL was, at most SourcePolicy.MAX_REDIRECTS times
 * HTTP 403, 404, 410            -> SourceGoneException (the vendor deleted it: its 14 days have passed)
 * a URL or redirect the SourcePolicy refuses -> SourceRefusedException, before any connection to it
 * any other status; connection failure; nothing received for veo.keep.read-timeout; the attempt's
 * deadline passed, mid-body or before -> KeepUnavailableException (retried)
 * a length over veo.keep.max-bytes, announced or counted -> VideoTooLargeException
 * </pre>
 * The connection ({@link SourceConnection}) goes to an address the policy checked, and the attempt's deadline
 * is armed on the {@link DeadlineTimer} from before the connect to the last byte: when it passes, the socket is
 * closed, which ends a read that a trickling or stalled CDN holds, whatever the read timeout. A URL appears in a
 * message only as {@link HttpUrl#shown(int)} shows it, without its query string. A failure while S3 reads the
 * body is kept ({@link #failure()}), so that the store reports it whatever the S3 client made of it.
 */
public final class VideoSource implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /**
     * What every download shares: the rules of its URLs, the timer that cuts it at its deadline, TLS (the JDK's
     * default trust, made on first use), and its limits.
     */
    public record Settings(SourcePolicy policy, DeadlineTimer timer, Supplier<SSLSocketFactory> tls, Duration connectTimeout,
            Duration readTimeout, long maxBytes) {
    }

    private final SourceConnection connection;
    private final DeadlineTimer.Armed armed;
    private final long length;
    private final CountingStream body;

    private VideoSource(SourceConnection connection, DeadlineTimer.Armed armed, long length, CountingStream body) {
        this.connection = connection;
        this.armed = armed;
        this.length = length;
        this.body = body;
    }

    /** Opens the source, following its redirects; nothing of its body is read yet. */
    public static VideoSource open(String sourceUrl, Settings settings, Deadline deadline) {
        HttpUrl url = settings.policy().source(sourceUrl);
        int followed = 0;
        while (true) {
            // Looked up within the attempt's deadline: a resolver that takes longer is not waited for.
            List<InetAddress> addresses = settings.policy().addresses(url, deadline);
            SourceConnection connection = new SourceConnection(url);
            DeadlineTimer.Armed armed = settings.timer().at(deadline, connection::abort);
            int status;
            try {
                connection.exchange(addresses, settings.tls().get(), settings.connectTimeout(), settings.readTimeout(), deadline);
                status = connection.status();
            } catch (IOException failed) {
                armed.close();
                connection.close();
                throw notFetched(url, failed, armed.fired());
            }
            String shown = url.shown(SourcePolicy.SHOWN_LENGTH);
            if (REDIRECTS.contains(status)) {
                Optional<String> location = connection.header("Location");
                armed.close();
                connection.close();
                if (location.isEmpty()) {
                    throw new KeepUnavailableException("The vendor's CDN answered HTTP " + status + " without a Location for "
                            + shown + ".");
                }
                url = settings.policy().redirect(url, location.get(), ++followed);
                continue;
            }
            if (status != 200) {
                armed.close();
                connection.close();
                if (status == 403 || status == 404 || status == 410) {
                    throw new SourceGoneException("The vendor's CDN answered HTTP " + status + " for " + shown
                            + ": the video is gone (the vendor deletes videos 14 days after generation), so it cannot be kept.");
                }
                throw new KeepUnavailableException("The vendor's CDN answered HTTP " + status + " for " + shown + ".");
            }
            long length = connection.contentLength();
            if (length > settings.maxBytes()) {
                armed.close();
                connection.close();
                throw tooLarge(shown, length, settings.maxBytes());
            }
            return new VideoSource(connection, armed, length,
                    new CountingStream(connection.body(), shown, settings.maxBytes(), settings.readTimeout(), deadline, armed));
        }
    }

    /** What a failure before the response's head means. */
    private static KeepUnavailableException notFetched(HttpUrl url, Exception failed, boolean timeRanOut) {
        String shown = url.shown(SourcePolicy.SHOWN_LENGTH);
        if (timeRanOut) {
            return new KeepUnavailableException("The copy's time ran out before the vendor's CDN answered for " + shown
                    + "; it was too slow.");
        }
        if (failed instanceof SocketTimeoutException) {
            return new KeepUnavailableException("The vendor's CDN did not answer for " + shown + " in time; the download stalled"
                    + " before its first byte.");
        }
        return new KeepUnavailableException("The video could not be fetched from " + url.host() + " ("
                + failed.getClass().getSimpleName() + ").");
    }

    /** The length the CDN announced, or -1 when it sent none. */
    public long length() {
        return length;
    }

    /** The body: read once; its bytes are counted and digested as they pass. */
    public InputStream body() {
        return body;
    }

    public long bytesRead() {
        return body.count;
    }

    /**
     * The outcome of the source's failure while its body was read, if it failed. A reader that wraps the failure
     * in its own (S3's call timeout ends at the same moment as the download's deadline) still learns whose it was.
     */
    public Optional<VeoStatusException> failure() {
        return Optional.ofNullable(body.failure).map(SourceFailure::outcome);
    }

    /** Base64 of the SHA-256 of every byte read, as S3 writes a checksum. */
    public String sha256() {
        return Base64.getEncoder().encodeToString(body.digest.digest());
    }

    /** Disarms the deadline and closes the connection: closing a socket never waits for a read. */
    @Override
    public void close() {
        armed.close();
        connection.close();
    }

    private static VideoTooLargeException tooLarge(String url, long bytes, long maxBytes) {
        return new VideoTooLargeException("The video at " + url + " has " + (bytes > maxBytes ? "more than " : "") + maxBytes
                + " bytes" + (bytes > maxBytes ? " (" + bytes + ")" : "") + ", more than veo.keep.max-bytes (" + maxBytes
                + "); nothing of it was stored.");
    }

    /** A failure of the source while its body was being read, carrying the outcome it means. */
    public static final class SourceFailure extends IOException {

        private final VeoStatusException outcome;

        SourceFailure(VeoStatusException outcome) {
            super(outcome.getMessage());
            this.outcome = outcome;
        }

        public VeoStatusException outcome() {
            return outcome;
        }
    }

    /**
     * Counts, caps and digests the body. When the attempt's deadline passes, a read in progress ends (the timer
     * closes the socket) and none starts: a source that trickles a byte now and then never trips the read timeout,
     * and one that then stalls would hold a read for all of it.
     */
    private static final class CountingStream extends FilterInputStream {

        private final String url;
        private final long maxBytes;
        private final Duration readTimeout;
        private final Deadline deadline;
        private final DeadlineTimer.Armed armed;
        private final MessageDigest digest;
        private long count;
        /** Set by the reading thread, read by whoever handles the failure the reader reported. */
        private volatile SourceFailure failure;

        CountingStream(InputStream in, String url, long maxBytes, Duration readTimeout, Deadline deadline, DeadlineTimer.Armed armed) {
            super(in);
            this.url = url;
            this.maxBytes = maxBytes;
            this.readTimeout = readTimeout;
            this.deadline = deadline;
            this.armed = armed;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("every Java runtime has SHA-256", impossible);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return counted(buffer, offset, length);
            } catch (SourceFailure failed) {
                failure = failed;
                throw failed;
            }
        }

        private int counted(byte[] buffer, int offset, int length) throws IOException {
            if (deadline.remaining().isZero() || armed.fired()) {
                throw timeRanOut();
            }
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException failed) {
                if (armed.fired()) {
                    throw timeRanOut();
                }
                if (failed instanceof SocketTimeoutException) {
                    throw new SourceFailure(new KeepUnavailableException("The vendor's CDN sent nothing of " + url + " for "
                            + readTimeout.toMillis() + " ms after " + count + " bytes; the download stalled."));
                }
                throw new SourceFailure(new KeepUnavailableException("The vendor's CDN broke off " + url + " after " + count
                        + " bytes (" + failed.getClass().getSimpleName() + ")."));
            }
            if (n > 0) {
                count += n;
                if (count > maxBytes) {
                    throw new SourceFailure(tooLarge(url, count, maxBytes));
                }
                digest.update(buffer, offset, n);
            }
            return n;
        }

        private SourceFailure timeRanOut() {
            return new SourceFailure(new KeepUnavailableException("The vendor's CDN had sent " + count + " bytes of "
                    + url + " when the copy's time ran out; it was too slow."));
        }

        @Override
        public long skip(long n) {
            // Every byte must pass through the digest: the S3 client never skips, and neither does anything else.
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
