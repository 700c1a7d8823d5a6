package io.veostatus.keep;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.veostatus.error.BucketRefusedException;
import io.veostatus.keep.store.S3VideoStore;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;

/**
 * The bucket's owner as the keeping function names it to S3: every look for a kept video and every write carries
 * {@code x-amz-expected-bucket-owner} with the configured account, so that S3 refuses a bucket of another account
 * (403 AccessDenied), which is a {@link BucketRefusedException}; with no owner configured, S3 is not told one. WireMock
 * stands in as the S3 endpoint ({@link WireMockS3}), where each request's headers can be read (S3Mock ignores this one).
 */
class ExpectedBucketOwnerTest {

    private static final String OWNER = "111122223333";
    private static final String BUCKET = "veo-videos";
    private static final String KEY = "kept/a1c0ffee000000000000000000000009/0.mp4";
    private static final String OBJECT = "/" + BUCKET + "/" + KEY;
    private static final TaskId TASK = new TaskId("a1c0ffee000000000000000000000009");
    private WireMockS3 standIn;
    private WireMockServer s3;
    private S3VideoStore store;

    @TempDir
    Path spool;

    @BeforeEach
    void start() {
        standIn = WireMockS3.start();
        s3 = standIn.server();
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void everyLookAndWriteNamesTheExpectedOwner() throws Exception {
        store = store(Map.of("veo.keep.expected-bucket-owner", OWNER));
        s3.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(404)));
        s3.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));

        assertTrue(store.kept(BUCKET, KEY, TASK, deadline()).isEmpty());
        store.put(BUCKET, KEY, TASK, "https://tempfile.aiquickdraw.com/v.mp4", video(), deadline());

        assertEquals(2, s3.findAll(anyRequestedFor(anyUrl())).size(), "one look and one write");
        s3.verify(1, headRequestedFor(urlPathEqualTo(OBJECT)).withHeader("x-amz-expected-bucket-owner", equalTo(OWNER)));
        s3.verify(1, putRequestedFor(urlPathEqualTo(OBJECT)).withHeader("x-amz-expected-bucket-owner", equalTo(OWNER)));
    }

    @Test
    void aBucketOfAnotherAccountIsRefused() throws Exception {
        store = store(Map.of("veo.keep.expected-bucket-owner", OWNER));
        // What S3 answers when the bucket's owner is not the expected one: 403 AccessDenied, to the look and the write.
        s3.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                        + "<Message>Access Denied</Message><RequestId>R1</RequestId></Error>")));

        // The look reads a 403 as "not kept yet" (the role has no s3:ListBucket); the write says what is wrong.
        assertTrue(store.kept(BUCKET, KEY, TASK, deadline()).isEmpty());
        BucketRefusedException refused = assertThrows(BucketRefusedException.class,
                () -> store.put(BUCKET, KEY, TASK, "https://tempfile.aiquickdraw.com/v.mp4", video(), deadline()));

        assertTrue(refused.getMessage().contains("HTTP 403 AccessDenied") && refused.getMessage().contains(
                "VEO_KEEP_EXPECTED_BUCKET_OWNER"), refused.getMessage());
    }

    @Test
    void withoutAnOwnerConfiguredS3IsNotToldOne() throws Exception {
        store = store(Map.of());
        s3.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(404)));
        s3.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));

        store.kept(BUCKET, KEY, TASK, deadline());
        store.put(BUCKET, KEY, TASK, "https://tempfile.aiquickdraw.com/v.mp4", video(), deadline());

        s3.verify(2, anyRequestedFor(urlPathEqualTo(OBJECT)).withHeader("x-amz-expected-bucket-owner", absent()));
    }

    private S3VideoStore store(Map<String, String> settings) {
        return standIn.store(settings);
    }

    private Path video() throws Exception {
        return Files.write(spool.resolve("video.mp4"), VendorStubs.video(10_000, 7));
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(10));
    }
}
