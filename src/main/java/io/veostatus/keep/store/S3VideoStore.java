package io.veostatus.keep.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.veostatus.config.KeepConfig;
import io.veostatus.error.BucketRefusedException;
import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.keep.source.VideoSource;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.HttpUrl;
import io.veostatus.kernel.TaskId;

/**
 * The bucket, through the AWS SDK's S3 client on the JDK's HTTP client. Every answer of S3 is given its meaning
 * here:
 * <pre>
 * HEAD 404, or 403 (a missing object, to a role without s3:ListBucket) -> no such object yet
 * PUT 403 (access denied, a KMS key the role may not use, a bucket another account owns), 404 NoSuchBucket, 400,
 *     301 (another region) -> BucketRefusedException
 * 429, 5xx (SlowDown, InternalError), no answer in time, connection failure -> KeepUnavailableException (retried)
 * </pre>
 * Each object is written with one PUT whose SHA-256 the client computes as the body streams and sends after
 * it; S3 compares it with what it received and refuses the object when they differ, so a stored object is
 * the bytes the source sent.
 *
 * <p>The only class of the copy that names the SDK (the other, {@link WithoutAwsCrt}, is a build-time
 * substitution): the status function's package is built without it and without the SDK's jars, see
 * {@link VideoStore}. The client is built the first time a video is kept, not when the function starts.
 * Credentials are the function's own, from the environment Lambda gives it ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), or the {@code aws.*} system properties.
 */
@ApplicationScoped
public class S3VideoStore implements VideoStore {

    /** The object metadata that marks an object as a video this function kept, and of which task. */
    private static final String TASK_METADATA = "veo-task-id";
    private static final String SOURCE_METADATA = "veo-source";
    /**
     * The most of S3's 2 KB of user metadata (names and values, counted in UTF-8 bytes) the source's URL may take; a
     * task id and the two names take little of the rest. The URL is stored as {@link HttpUrl#shown(int)} shows it:
     * without its query string (a signature, which must not outlive the download) and in ASCII; a longer one is cut
     * and ends with the SHA-256 of the whole, so that it still names one source, and its start, the host and path a
     * person reads, stays.
     */
    static final int MAX_SOURCE_METADATA = 1024;
    private static final String CONTENT_TYPE = "video/mp4";
    /** A bucket that does not accept a connection within this is unavailable; the copy is retried as a whole. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final KeepConfig config;
    /** Built on first use, then kept for the instance's life; guarded by {@code this}. */
    private S3Client client;

    public S3VideoStore(KeepConfig config) {
        this.config = config;
    }

    private synchronized S3Client s3() {
        if (client == null) {
            String region = config.region().or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                    .filter(name -> !name.isBlank())
                    .orElseThrow(() -> new BucketRefusedException("The bucket's region is unknown: set AWS_REGION or veo.keep.region."));
            S3ClientBuilder builder = S3Client.builder()
                    .region(Region.of(region))
                    .credentialsProvider(AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                            SystemPropertyCredentialsProvider.create()))
                    .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                            .socketTimeout(config.readTimeout()))
                    .forcePathStyle(config.s3PathStyleAccess())
                    // Every S3 call is made once: the copy is retried as a whole, by SmallRye within the invocation's
                    // time, and a retry of the SDK's own would re-read a live download that can be read only once.
                    .overrideConfiguration(call -> call.retryStrategy(AwsRetryStrategy.doNotRetry()));
            config.s3Endpoint().ifPresent(builder::endpointOverride);
            client = builder.build();
        }
        return client;
    }

    @PreDestroy
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public Optional<KeptObject> kept(String bucket, String key, TaskId taskId, Deadline deadline) {
        HeadObjectResponse head;
        try {
            head = s3().headObject(request -> request.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)
                    .expectedBucketOwner(config.expectedBucketOwner().orElse(null))
                    .overrideConfiguration(call -> call.apiCallTimeout(timeout(deadline))));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (S3Exception refused) {
            // Without s3:ListBucket (the template grants none) S3 answers a missing object with 403, not 404: not
            // kept yet, as far as this function may know. The write that follows says whether it may write.
            boolean absent = refused.statusCode() == 403 || refused.statusCode() == 404;
            if (absent && !"NoSuchBucket".equals(errorCode(refused))) {
                return Optional.empty();
            }
            throw classify(refused, "look for", bucket, key);
        } catch (SdkException failed) {
            throw classify(failed, "look for", bucket, key);
        }
        boolean ours = taskId.value().equals(head.metadata().get(TASK_METADATA));
        return ours && head.checksumSHA256() != null
                ? Optional.of(new KeptObject(head.contentLength(), head.checksumSHA256()))
                : Optional.empty();
    }

    @Override
    public KeptObject put(String bucket, String key, TaskId taskId, String source, VideoSource body, Deadline deadline) {
        boolean[] opened = new boolean[1];
        RequestBody stream = RequestBody.fromContentProvider(() -> {
            if (opened[0]) {
                // The source is a live download; a retry of the whole copy opens it anew.
                throw new IllegalStateException("the source can be read once; the copy is retried as a whole");
            }
            opened[0] = true;
            return body.body();
        }, body.length(), CONTENT_TYPE);
        try {
            return put(bucket, key, taskId, source, stream, deadline);
        } catch (RuntimeException failed) {
            // A source that failed while S3 read it is the outcome, however the SDK reports it: wrapped in its own
            // exception, or as its own timeout, which ends at the same moment as the download's deadline.
            throw body.failure().<RuntimeException>map(outcome -> outcome).orElse(failed);
        }
    }

    @Override
    public KeptObject put(String bucket, String key, TaskId taskId, String source, Path spooled, Deadline deadline) {
        return put(bucket, key, taskId, source, RequestBody.fromFile(spooled), deadline);
    }

    private KeptObject put(String bucket, String key, TaskId taskId, String source, RequestBody body, Deadline deadline) {
        PutObjectResponse put;
        try {
            put = s3().putObject(request -> request.bucket(bucket).key(key).contentType(CONTENT_TYPE)
                    .expectedBucketOwner(config.expectedBucketOwner().orElse(null))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .metadata(Map.of(TASK_METADATA, taskId.value(), SOURCE_METADATA, HttpUrl.shown(source, MAX_SOURCE_METADATA)))
                    .overrideConfiguration(call -> call.apiCallTimeout(timeout(deadline))), body);
        } catch (S3Exception refused) {
            throw classify(refused, "write", bucket, key);
        } catch (SdkException failed) {
            throw classify(failed, "write", bucket, key);
        }
        return new KeptObject(body.optionalContentLength().orElse(-1L), put.checksumSHA256());
    }

    private static VeoStatusException classify(SdkException failure, String what, String bucket, String key) {
        String where = "s3://" + bucket + "/" + key;
        if (failure instanceof S3Exception refused) {
            int status = refused.statusCode();
            String code = errorCode(refused);
            String said = "S3 answered HTTP " + status + (code == null ? "" : " " + code);
            if (status == 429 || status >= 500) {
                return new KeepUnavailableException(said + " when asked to " + what + " " + where + ".");
            }
            return new BucketRefusedException(said + " when asked to " + what + " " + where
                    + ": check veo.keep.bucket (VEO_KEEP_BUCKET), its region, and that the function's role may put and get"
                    + " objects under the prefix (and use the bucket's KMS key, if it has one), and that the bucket"
                    + " belongs to veo.keep.expected-bucket-owner (VEO_KEEP_EXPECTED_BUCKET_OWNER), when that is set.");
        }
        return new KeepUnavailableException("S3 could not be reached, or did not answer in time, to " + what + " " + where
                + " (" + failure.getClass().getSimpleName() + ").");
    }

    private static String errorCode(S3Exception refused) {
        return refused.awsErrorDetails() == null ? null : refused.awsErrorDetails().errorCode();
    }

    /**
     * What is left until {@code deadline}, as the SDK's timeout of one call, which it aborts then: read when the call
     * is made, after the client is built (the first build takes a second or two of a JVM's time), not before.
     */
    private static Duration timeout(Deadline deadline) {
        Duration left = deadline.remaining();
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
    }
}
