package io.veostatus.keep;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

import io.veostatus.core.Deadline;
import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.SourceGoneException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.error.VideoTooLargeException;

/**
 * One download of a video from the vendor's CDN, read as a stream: never more than a buffer of it in
 * memory. Every outcome of the source is given its meaning here, as record-info's are in the classifier:
 * <pre>
 * HTTP 200                      -> the body, with its length when the CDN sends one
 * HTTP 403, 404, 410            -> SourceGoneException (the vendor deleted it: its 14 days have passed)
 * any other status; connection failure; nothing received for veo.keep.read-timeout; the attempt's
 * deadline passed mid-body      -> KeepUnavailableException (retried)
 * a length over veo.keep.max-bytes, announced or counted -> VideoTooLargeException
 * </pre>
 * The JDK's HttpURLConnection, which the S3 client's HTTP transport uses too, so the image carries one
 * HTTP client for both sides. A failure while S3 reads the body reaches the copier wrapped in the S3
 * client's exception; {@link SourceFailure} carries the typed outcome through.
 */
final class VideoSource implements AutoCloseable {

    private final HttpURLConnection connection;
    private final long length;
    private final CountingStream body;

    private VideoSource(HttpURLConnection connection, long length, CountingStream body) {
        this.connection = connection;
        this.length = length;
        this.body = body;
    }

    /** Opens the source; nothing of its body is read yet. */
    static VideoSource open(String url, Duration connectTimeout, Duration readTimeout, long maxBytes, Deadline deadline) {
        HttpURLConnection connection;
        int status;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(timeoutMillis(connectTimeout, deadline));
            connection.setReadTimeout(timeoutMillis(readTimeout, deadline));
            connection.setInstanceFollowRedirects(true);
            connection.setRequestProperty("Accept", "video/*, */*");
            status = connection.getResponseCode();
        } catch (SocketTimeoutException stalled) {
            throw new KeepUnavailableException("The vendor's CDN did not answer for " + url + " in time; the download stalled"
                    + " before its first byte.");
        } catch (IOException | IllegalArgumentException unreachable) {
            throw new KeepUnavailableException("The video could not be fetched from " + host(url) + " ("
                    + unreachable.getClass().getSimpleName() + ").");
        }
        if (status == 403 || status == 404 || status == 410) {
            connection.disconnect();
            throw new SourceGoneException("The vendor's CDN answered HTTP " + status + " for " + url
                    + ": the video is gone (the vendor deletes videos 14 days after generation), so it cannot be kept.");
        }
        if (status != 200) {
            connection.disconnect();
            throw new KeepUnavailableException("The vendor's CDN answered HTTP " + status + " for " + url + ".");
        }
        long length = connection.getContentLengthLong();
        if (length > maxBytes) {
            connection.disconnect();
            throw tooLarge(url, length, maxBytes);
        }
        try {
            return new VideoSource(connection, length,
                    new CountingStream(connection.getInputStream(), url, maxBytes, readTimeout, deadline));
        } catch (IOException broken) {
            connection.disconnect();
            throw new KeepUnavailableException("The vendor's CDN broke off the video from " + host(url) + ".");
        }
    }

    /** The length the CDN announced, or -1 when it sent none. */
    long length() {
        return length;
    }

    /** The body: read once; its bytes are counted and digested as they pass. */
    InputStream body() {
        return body;
    }

    long bytesRead() {
        return body.count;
    }

    /** Base64 of the SHA-256 of every byte read, as S3 writes a checksum. */
    String sha256() {
        return Base64.getEncoder().encodeToString(body.digest.digest());
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException alreadyBroken) {
            // The copy has its outcome; closing only frees the connection.
        }
        connection.disconnect();
    }

    private static VideoTooLargeException tooLarge(String url, long bytes, long maxBytes) {
        return new VideoTooLargeException("The video at " + url + " has " + (bytes > maxBytes ? "more than " : "") + maxBytes
                + " bytes" + (bytes > maxBytes ? " (" + bytes + ")" : "") + ", more than veo.keep.max-bytes (" + maxBytes
                + "); nothing of it was stored.");
    }

    private static int timeoutMillis(Duration timeout, Deadline deadline) {
        long millis = Math.min(timeout.toMillis(), deadline.remaining().toMillis());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private static String host(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException notAUri) {
            return "the video's URL";
        }
    }

    /** A failure of the source while its body was being read, carrying the outcome it means. */
    static final class SourceFailure extends IOException {

        private final VeoStatusException outcome;

        SourceFailure(VeoStatusException outcome) {
            super(outcome.getMessage());
            this.outcome = outcome;
        }

        VeoStatusException outcome() {
            return outcome;
        }
    }

    /**
     * Counts, caps and digests the body, and ends the read when the attempt's deadline has passed: a source
     * that trickles a byte now and then never trips the read timeout, but it does trip this.
     */
    private static final class CountingStream extends FilterInputStream {

        private final String url;
        private final long maxBytes;
        private final Duration readTimeout;
        private final Deadline deadline;
        private final MessageDigest digest;
        private long count;

        CountingStream(InputStream in, String url, long maxBytes, Duration readTimeout, Deadline deadline) {
            super(in);
            this.url = url;
            this.maxBytes = maxBytes;
            this.readTimeout = readTimeout;
            this.deadline = deadline;
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
            if (deadline.remaining().isZero()) {
                throw new SourceFailure(new KeepUnavailableException("The vendor's CDN had sent " + count + " bytes of "
                        + url + " when the copy's time ran out; it was too slow."));
            }
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (SocketTimeoutException stalled) {
                throw new SourceFailure(new KeepUnavailableException("The vendor's CDN sent nothing of " + url + " for "
                        + readTimeout.toMillis() + " ms after " + count + " bytes; the download stalled."));
            } catch (IOException broken) {
                throw new SourceFailure(new KeepUnavailableException("The vendor's CDN broke off " + url + " after " + count
                        + " bytes (" + broken.getClass().getSimpleName() + ")."));
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
