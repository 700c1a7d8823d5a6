package io.veostatus.keep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLSocketFactory;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.TypedGuard;

import io.veostatus.config.KeepConfig;
import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.Outcome;
import io.veostatus.keep.source.SourcePolicy;
import io.veostatus.keep.source.VideoSource;
import io.veostatus.keep.store.VideoStore;
import io.veostatus.kernel.AttemptTimeout;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.DeadlineTimer;
import io.veostatus.kernel.HttpUrl;
import io.veostatus.kernel.RetryWithinDeadline;
import io.veostatus.kernel.TaskId;

/**
 * Copies one video from the vendor's CDN into the bucket, unless it is there already, inside SmallRye Fault
 * Tolerance guards that act on the outcome's type only, as record-info's do: a timeout per attempt
 * ({@code veo.keep.attempt-timeout}, cut to what the invocation has left) and retries of the transient
 * outcome ({@link KeepUnavailableException}) only while a whole attempt after the backoff still fits before
 * the deadline. The source gone, the bucket refusing and a video too large are never retried.
 */
@ApplicationScoped
public class VideoCopier {

    private static final Logger LOG = Logger.getLogger(VideoCopier.class);
    /** An attempt shorter than this would fail for want of time, not because of either side. */
    static final Duration SHORTEST_USEFUL_ATTEMPT = Duration.ofSeconds(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final VideoStore store;
    private final KeepConfig config;
    /** The retry record-info's calls have too, with a constant backoff and a quarter of it as jitter. */
    private final RetryWithinDeadline retry;
    private final VideoSource.Settings sources;

    public VideoCopier(VideoStore store, KeepConfig config, SourcePolicy policy, DeadlineTimer timer) {
        this.store = store;
        this.config = config;
        this.retry = new RetryWithinDeadline(config.maxRetries(), config.retryDelay(), config.retryDelay(),
                config.retryDelay().dividedBy(4));
        // The JDK's default TLS context (its trusted authorities), made when the first video is fetched, not at start.
        this.sources = new VideoSource.Settings(policy, timer, () -> (SSLSocketFactory) SSLSocketFactory.getDefault(),
                CONNECT_TIMEOUT, config.readTimeout(), config.maxBytes());
    }

    /** One video, whose object is {@code key}; returns where it lives. */
    KeptFile copy(String bucket, String key, TaskId taskId, String sourceUrl, String resolution, Deadline deadline) {
        Duration available = available(deadline);
        if (available.compareTo(SHORTEST_USEFUL_ATTEMPT) < 0) {
            throw new KeepUnavailableException("This invocation has too little time left to copy a video of task " + taskId + ".");
        }
        Duration attemptTime = AttemptTimeout.within(available, config.attemptTimeout());
        TypedGuard<KeptFile> timed = AttemptTimeout.guard(KeptFile.class, "video copy attempt", attemptTime);
        return retriesWithin(available, attemptTime, taskId).get(() -> {
            // Each attempt has its own deadline: the stream's reads and S3's call end with it.
            Deadline attemptDeadline = Deadline.after(AttemptTimeout.within(available(deadline), attemptTime));
            try {
                return timed.get(() -> attempt(bucket, key, taskId, sourceUrl, resolution, attemptDeadline));
            } catch (TimeoutException slow) {
                // The guard and the download's own deadline end an attempt at the same moment; either may say so first.
                throw new KeepUnavailableException("The copy's time ran out: copying "
                        + HttpUrl.shown(sourceUrl, SourcePolicy.SHOWN_LENGTH) + " to s3://" + bucket + "/" + key + " took longer than "
                        + attemptTime.toMillis() + " ms.");
            }
        });
    }

    private KeptFile attempt(String bucket, String key, TaskId taskId, String sourceUrl, String resolution, Deadline deadline) {
        Optional<VideoStore.KeptObject> already = store.kept(bucket, key, taskId, deadline);
        if (already.isPresent()) {
            LOG.debugf("s3://%s/%s is kept already; not copied again", bucket, key);
            return new KeptFile(bucket, key, already.get().bytes(), already.get().sha256(), resolution);
        }
        try (VideoSource source = VideoSource.open(sourceUrl, sources, deadline)) {
            VideoStore.KeptObject stored = source.length() >= 0
                    ? store.put(bucket, key, taskId, sourceUrl, source, deadline)
                    : spooledPut(bucket, key, taskId, sourceUrl, source, deadline);
            String read = source.sha256();
            if (source.bytesRead() != stored.bytes() && stored.bytes() >= 0) {
                throw new KeepUnavailableException("S3 stored " + stored.bytes() + " bytes of s3://" + bucket + "/" + key
                        + " but " + source.bytesRead() + " were read from the source.");
            }
            if (stored.sha256() != null && !stored.sha256().equals(read)) {
                throw new KeepUnavailableException("S3 reports a SHA-256 for s3://" + bucket + "/" + key
                        + " other than that of the bytes read from the source.");
            }
            return new KeptFile(bucket, key, source.bytesRead(), read, resolution);
        }
    }

    /**
     * A source that does not say its length is written to a temporary file first (S3 wants the length before
     * the body), bounded by veo.keep.max-bytes as it is read; the file is removed at once after the write.
     */
    private VideoStore.KeptObject spooledPut(String bucket, String key, TaskId taskId, String sourceUrl, VideoSource source,
            Deadline deadline) {
        Path spool = null;
        try {
            spool = Files.createTempFile("veo-keep-", ".mp4");
            try (InputStream in = source.body(); OutputStream out = Files.newOutputStream(spool)) {
                in.transferTo(out);
            } catch (VideoSource.SourceFailure failed) {
                throw failed.outcome();
            }
            return store.put(bucket, key, taskId, sourceUrl, spool, deadline);
        } catch (IOException noDisk) {
            throw new UncheckedIOException("the video could not be spooled to a temporary file", noDisk);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException leftOver) {
                    LOG.warnf("The temporary file %s could not be removed", spool);
                }
            }
        }
    }

    private TypedGuard<KeptFile> retriesWithin(Duration available, Duration attemptTime, TaskId taskId) {
        return retry.guard(KeptFile.class, Outcome.RetriedCall.VIDEO_COPY, "video copy retry", available, attemptTime,
                        failure -> LOG.warnf("Retrying the copy of a video of task %s after: %s", taskId, failure.getMessage()));
    }

    private Duration available(Deadline deadline) {
        return deadline.remaining().minus(config.reserve());
    }

    /** The moment by which work for an invocation that must answer by {@code deadline} must end: veo.keep.reserve before. */
    Deadline answerBy(Deadline deadline) {
        return new Deadline(deadline.atNanos() - config.reserve().toNanos());
    }
}
