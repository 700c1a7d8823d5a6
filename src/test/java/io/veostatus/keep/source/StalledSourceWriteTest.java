package io.veostatus.keep.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.veostatus.error.KeepUnavailableException;
import io.veostatus.keep.StallingSource;
import io.veostatus.keep.WireMockS3;
import io.veostatus.keep.store.S3VideoStore;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.DeadlineTimer;
import io.veostatus.kernel.TaskId;

/**
 * A download that stalls while S3 is being written to: S3's call timeout and the download's deadline end the same
 * attempt, and whichever fires first, the outcome names the CDN that stalled, not S3 that was waiting for it. Here
 * S3's time is made to run out first (the order a loaded machine may give), and the source's outcome is still the one
 * reported. WireMock stands in as S3 and waits for the whole body, as S3 does.
 */
class StalledSourceWriteTest {

    private static final String BUCKET = "veo-videos";
    private static final String KEY = "kept/a1c0ffee00000000000000000000000a/0.mp4";
    private static final TaskId TASK = new TaskId("a1c0ffee00000000000000000000000a");
    private final DeadlineTimer timer = new DeadlineTimer();
    private final HostLookups lookups = new HostLookups();
    private WireMockS3 s3;
    private S3VideoStore store;

    @BeforeEach
    void start() {
        s3 = WireMockS3.start();
        s3.server().stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
        store = s3.store(Map.of());
    }

    /**
     * The S3 client's first request builds much of the SDK (seconds on a loaded machine): done here, with time to
     * spare, so that S3 starts reading the body at once in the test, as a warm function's client does.
     */
    private void warmUp() throws Exception {
        Path small = Files.createTempFile("warm-up", ".mp4");
        try {
            Files.write(small, new byte[16]);
            store.put(BUCKET, "kept/warm-up.mp4", TASK, "https://cdn.example/warm-up.mp4", small, Deadline.after(Duration.ofSeconds(60)));
        } finally {
            Files.delete(small);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        s3.close();
        timer.stop();
        lookups.stop();
    }

    @Test
    void aSourceThatStallsIsTheOutcomeEvenWhenS3sTimeoutFiresFirst() throws Exception {
        warmUp();
        try (StallingSource cdn = StallingSource.start(0, 100_000, 1_000, Duration.ofSeconds(30))) {
            SourcePolicy policy = new SourcePolicy(true, List.of(), List.of("127.0.0.1:" + cdn.port()), lookups);
            VideoSource.Settings settings = new VideoSource.Settings(policy, timer, () -> (SSLSocketFactory) SSLSocketFactory.getDefault(),
                    Duration.ofSeconds(2), Duration.ofSeconds(20), 4_000_000);

            try (VideoSource source = VideoSource.open(cdn.url(), settings, Deadline.after(Duration.ofMillis(3_000)))) {
                KeepUnavailableException outcome = assertThrows(KeepUnavailableException.class,
                        () -> store.put(BUCKET, KEY, TASK, cdn.url(), source, Deadline.after(Duration.ofMillis(1_500))));

                assertTrue(outcome.getMessage().startsWith("The vendor's CDN had sent 1000 bytes of ")
                        && outcome.getMessage().endsWith("when the copy's time ran out; it was too slow."), outcome.getMessage());
                assertEquals(1_000, source.bytesRead());
            }
        }
    }
}
