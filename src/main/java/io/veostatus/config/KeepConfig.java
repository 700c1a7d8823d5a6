package io.veostatus.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where and how the keeping function copies finished videos ({@code veo.keep.*}); read by the keeping
 * function only. The status function never reads it, and has no S3 client.
 */
@ConfigMapping(prefix = "veo.keep")
public interface KeepConfig {

    /** The bucket the videos are copied into ({@code VEO_KEEP_BUCKET}); unset, the keeping function refuses to run. */
    Optional<String> bucket();

    /** Put in front of every object key, such as {@code veo/}; unset, the keys are at the bucket's root. */
    Optional<String> prefix();

    /** Largest video copied: a larger one is refused before a byte of it is stored. */
    @WithDefault("268435456")
    long maxBytes();

    /** Longest one copy attempt may take, first byte of the request to the stored object; cut to the deadline. */
    @WithDefault("60s")
    Duration attemptTimeout();

    /** How long the source may send nothing before the attempt gives up on it. */
    @WithDefault("10s")
    Duration readTimeout();

    /**
     * Time kept back from the invocation's remaining time, when a copy is fitted in, to hand the answer back to Lambda:
     * more than {@code veo.upstream.reserve} (which the keeping function's calls to the Veo API keep back), since a
     * copy ended at its deadline still has its S3 call to abort and its download to close before the answer is written.
     */
    @WithDefault("500ms")
    Duration reserve();

    /** Retries of a copy after a transient failure of the source or of S3. */
    @WithDefault("2")
    int maxRetries();

    @WithDefault("1s")
    Duration retryDelay();

    /** How long after the first check a 1080p version is waited for, before the original alone is kept. */
    @WithDefault("10m")
    Duration hdWait();

    /** The wait between two checks of the 1080p endpoint (the vendor recommends 20 to 30 s). */
    @WithDefault("30s")
    Duration hdCheckInterval();

    /** The bucket's region; unset, the function's own ({@code AWS_REGION}, which Lambda sets). */
    Optional<String> region();

    /** Another S3 endpoint than AWS's, such as a local S3 for tests; unset on AWS. */
    Optional<URI> s3Endpoint();

    /** Path-style requests ({@code endpoint/bucket/key}), for an S3 endpoint that has no bucket host names. */
    @WithDefault("false")
    boolean s3PathStyleAccess();

    /**
     * The account that must own the bucket ({@code VEO_KEEP_EXPECTED_BUCKET_OWNER}, 12 digits; the template sets the
     * function's own): S3 refuses every call to a bucket of another account, such as one of the same name made by
     * someone else after this one was deleted, instead of storing the videos there. Unset (local runs), S3 is not told.
     */
    Optional<String> expectedBucketOwner();

    /**
     * Whether a video may be fetched over plain http ({@code VEO_KEEP_ALLOW_HTTP_SOURCES}). Off, every source and
     * every redirect must be https; on only for tests, whose stand-ins of the CDN speak plain http.
     */
    @WithDefault("false")
    boolean allowHttpSources();

    /**
     * The only hosts videos may be fetched from, exact names, case-insensitive ({@code VEO_KEEP_SOURCE_HOSTS}), such
     * as the vendor's CDN, {@code tempfile.aiquickdraw.com,file.aiquickdraw.com}; every redirect's host must be one
     * too. Unset, any host whose addresses are all public.
     */
    Optional<List<String>> sourceHosts();

    /**
     * {@code host:port} pairs whose URLs may reach a loopback or private address
     * ({@code VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES}), for a test's stand-in of the CDN on this machine: a URL whose
     * host, as written, and port are exactly a listed pair (an IPv6 host in brackets, {@code [::1]:8080}). Never set
     * it in production: every address it allows is one a hostile record-info reply could then make the function
     * fetch and store. Unset, none.
     */
    Optional<List<String>> unsafeAllowPrivateSources();

    /**
     * Aspect ratios whose videos the vendor upgrades to 1080p. Its older pages say 16:9 only, its current
     * ones 16:9 and 9:16; a task whose ratio is unknown is asked too, within {@link #hdWait()}.
     */
    @WithDefault("16:9,9:16")
    List<String> hdAspectRatios();
}
