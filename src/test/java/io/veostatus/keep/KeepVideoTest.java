package io.veostatus.keep;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import io.veostatus.error.KeepUnavailableException;
import io.veostatus.status.FixedDeadlineContext;
import io.veostatus.status.LambdaInvocationTest;
import io.veostatus.status.SuiteRecorder;
import io.veostatus.testing.KeyForms;
import io.veostatus.testing.RawHttpServer;

/**
 * The keeping function, invoked as Lambda invokes it, copying into a real S3 API (S3Mock) from WireMock as the
 * vendor's CDN, with WireMock also as record-info and the 1080p endpoint.
 */
@QuarkusTest
@TestProfile(KeepProfile.class)
class KeepVideoTest extends LambdaInvocationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final S3MockClient S3 = new S3MockClient();

    private final VendorStubs vendor = new VendorStubs(this::register);

    @Inject
    KeepVideoHandler handler;

    @Test
    void aVideoIsCopiedWithTheSourcesBytesAndChecksumAndItsHdVersionBesideIt() throws Exception {
        String task = "a1c0ffee000000000000000000000001";
        byte[] original = VendorStubs.video(1_500_000, 1);
        byte[] hd = VendorStubs.video(1_900_000, 2);
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", original);
        vendor.cdn(task + "-1080p.mp4", hd);
        vendor.hdReady(task, vendor.cdnUrl(task + "-1080p.mp4"));

        JsonNode answer = keep("{\"taskId\":\"" + task + "\"}");

        assertTrue(answer.get("done").asBoolean(), answer.toString());
        assertEquals("KEPT", answer.at("/hd/status").asText());
        assertStored(answer.at("/files/0"), "kept/" + task + "/0.mp4", original, "720p");
        assertStored(answer.at("/files/1"), "kept/" + task + "/0-1080p.mp4", hd, "1080p");
        HeadObjectResponse head = S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key("kept/" + task + "/0.mp4"));
        assertEquals("video/mp4", head.contentType());
    }

    @Test
    void keepingTheSameTaskAgainCopiesNothing() throws Exception {
        String task = "a1c0ffee000000000000000000000002";
        byte[] original = VendorStubs.video(800_000, 3);
        byte[] hd = VendorStubs.video(1_100_000, 4);
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", original);
        vendor.cdn(task + "-1080p.mp4", hd);
        vendor.hdReady(task, vendor.cdnUrl(task + "-1080p.mp4"));
        JsonNode first = keep("{\"taskId\":\"" + task + "\"}");
        String firstModified = S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key("kept/" + task + "/0.mp4")).eTag();
        wiremock.resetRequests();

        JsonNode second = keep("{\"taskId\":\"" + task + "\"}");

        assertEquals(first.get("files"), second.get("files"), "the same objects, sizes and checksums");
        assertEquals(0, wiremock.find(getRequestedFor(urlPathMatching("/cdn/.*"))).size(), "nothing fetched again");
        assertEquals(firstModified, S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key("kept/" + task + "/0.mp4")).eTag());
        assertStored(second.at("/files/0"), "kept/" + task + "/0.mp4", original, "720p");
    }

    @Test
    void aSourceThatIsGoneIsItsOwnOutcomeAndNothingIsStored() {
        String task = "a1c0ffee000000000000000000000003";
        vendor.succeeded(task, "720p", false, "16:9");
        register(get(urlPathEqualTo("/cdn/" + task + ".mp4")).willReturn(aResponse().withStatus(404)));

        keepExpecting("{\"taskId\":\"" + task + "\"}", "SourceGoneException", "gone");

        assertAbsent("kept/" + task + "/0.mp4");
        assertEquals(1, wiremock.find(getRequestedFor(urlPathEqualTo("/cdn/" + task + ".mp4"))).size(), "not retried");
    }

    @Test
    void aSourceThatStallsMidBodyEndsWithinTheTimeoutAndStoresNothing() throws Exception {
        String task = "a1c0ffee000000000000000000000004";
        // A CDN of the test's own that sends the headers and half the body, then nothing for a minute.
        try (StallingSource source = StallingSource.start(ownSourcePort(), 1_000_000, 500_000, Duration.ofMinutes(1))) {
            register(get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(task))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(VendorStubs.succeededBody(task, source.url(), "720p", false, "16:9"))));

            long start = System.nanoTime();
            keepExpecting("{\"taskId\":\"" + task + "\"}", "KeepUnavailableException", "stalled");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // Two attempts (one retry), each ended by the 1 s read timeout of these tests, not by the minute the source waits.
            assertEquals(2, source.requests(), "the stalled copy was retried once");
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
        }
        assertAbsent("kept/" + task + "/0.mp4");
    }

    @Test
    void anOversizedSourceIsRefusedBeforeAnythingIsStored() {
        String task = "a1c0ffee000000000000000000000005";
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", VendorStubs.video((int) KeepProfile.MAX_BYTES + 1, 6));

        keepExpecting("{\"taskId\":\"" + task + "\"}", "VideoTooLargeException", "veo.keep.max-bytes");

        assertAbsent("kept/" + task + "/0.mp4");
    }

    @Test
    void aBucketThatRefusesTheWriteIsItsOwnOutcome() {
        String task = "a1c0ffee000000000000000000000006";
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", VendorStubs.video(200_000, 7));
        // The bucket is taken away (emptied, then deleted): S3 answers NoSuchBucket, as it does for a wrong name.
        emptyAndDeleteTheBucket();
        try {
            keepExpecting("{\"taskId\":\"" + task + "\"}", "BucketRefusedException", "NoSuchBucket");
        } finally {
            S3.s3().createBucket(r -> r.bucket(S3MockServer.BUCKET));
        }
        assertAbsent("kept/" + task + "/0.mp4");
    }

    @Test
    void aFallbackVideoIsKeptInItsOriginalResolutionWithoutAskingFor1080p() throws Exception {
        String task = "a1c0ffee000000000000000000000007";
        byte[] original = VendorStubs.video(600_000, 8);
        vendor.succeeded(task, "720p", true, "16:9");
        vendor.cdn(task + ".mp4", original);

        JsonNode answer = keep("{\"taskId\":\"" + task + "\"}");

        assertTrue(answer.get("done").asBoolean());
        assertEquals(1, answer.get("files").size(), answer.toString());
        assertStored(answer.at("/files/0"), "kept/" + task + "/0.mp4", original, "720p");
        assertEquals("NOT_OFFERED", answer.at("/hd/status").asText());
        assertTrue(answer.at("/hd/reason").asText().contains("fallback"), answer.toString());
        assertEquals(0, wiremock.find(getRequestedFor(urlPathEqualTo(VendorStubs.HD))).size(), "1080p never asked");
    }

    @Test
    void hdNotReadyTwiceThenReadyIsKeptOnTheThirdCheck() throws Exception {
        String task = "a1c0ffee000000000000000000000008";
        byte[] hd = VendorStubs.video(700_000, 9);
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", VendorStubs.video(500_000, 10));
        vendor.cdn(task + "-1080p.mp4", hd);
        vendor.hdNotReadyThenReady(task, 2, vendor.cdnUrl(task + "-1080p.mp4"));

        JsonNode first = keep("{\"taskId\":\"" + task + "\"}");
        assertFalse(first.get("done").asBoolean(), first.toString());
        assertEquals("PENDING", first.at("/hd/status").asText());
        assertEquals(1, first.get("nextCheckSeconds").asInt(), "veo.keep.hd-check-interval of these tests");
        assertTrue(first.at("/hd/reason").asText().contains("code 400"), first.toString());
        JsonNode second = keep("{\"taskId\":\"" + task + "\",\"keep\":" + first + "}");
        assertFalse(second.get("done").asBoolean());
        JsonNode third = keep("{\"taskId\":\"" + task + "\",\"keep\":" + second + "}");

        assertTrue(third.get("done").asBoolean(), third.toString());
        assertEquals("KEPT", third.at("/hd/status").asText());
        assertEquals(3, third.at("/hd/checks").asInt());
        assertStored(third.at("/files/1"), "kept/" + task + "/0-1080p.mp4", hd, "1080p");
        assertEquals(1, wiremock.find(getRequestedFor(urlPathEqualTo("/cdn/" + task + ".mp4"))).size(),
                "the original was copied once, at the first check");
        assertEquals(1, wiremock.find(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(), "record-info asked once");
    }

    @Test
    void aTaskThatHasNotSucceededHasNothingToKeep() {
        String task = "a1c0ffee000000000000000000000009";
        answerJson(task, example("generating.json").replace("3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7", task));

        keepExpecting("{\"taskId\":\"" + task + "\"}", "InvalidRequestException", "has not succeeded");
    }

    @Test
    void anAnswerThatWasNotPassedBackUnchangedIsRefused() {
        String task = "a1c0ffee00000000000000000000000a";
        String forged = "{\"done\":false,\"nextCheckSeconds\":1,\"files\":[{\"bucket\":\"" + S3MockServer.BUCKET
                + "\",\"key\":\"somewhere/else.mp4\",\"bytes\":1,\"sha256\":\"x\",\"resolution\":\"720p\"}],"
                + "\"hd\":{\"status\":\"PENDING\",\"reason\":null,\"checks\":1,\"firstCheckedAt\":\"2026-11-29T08:00:00Z\",\"videos\":1}}";

        keepExpecting("{\"taskId\":\"" + task + "\",\"keep\":" + forged + "}", "InvalidRequestException", "did not keep");
        assertEquals(0, wiremock.find(getRequestedFor(urlPathEqualTo(VendorStubs.HD))).size());
    }

    @Test
    void aTaskOfSixteenVideosIsKeptAndItsAnswerIsAcceptedBack() throws Exception {
        String task = "a1c0ffee00000000000000000000000b";
        List<String> urls = IntStream.range(0, VideoKeeper.MAX_VIDEOS).mapToObj(i -> vendor.cdnUrl(task + "-" + i + ".mp4")).toList();
        IntStream.range(0, VideoKeeper.MAX_VIDEOS).forEach(i -> vendor.cdn(task + "-" + i + ".mp4", VendorStubs.video(20_000, 100 + i)));
        vendor.succeededWith(task, urls);
        vendor.hdProcessing(task);

        JsonNode first = keep("{\"taskId\":\"" + task + "\"}");
        assertEquals(16, first.get("files").size(), first.toString());
        assertEquals(16, first.at("/hd/videos").asInt());
        assertFalse(first.get("done").asBoolean(), "the 1080p versions are awaited");
        wiremock.resetRequests();

        JsonNode second = keep("{\"taskId\":\"" + task + "\",\"keep\":" + first + "}");

        assertEquals(first.get("files"), second.get("files"), "the passed-back answer is accepted");
        assertEquals(0, wiremock.find(getRequestedFor(urlPathMatching("/cdn/.*"))).size(), "nothing copied again");
    }

    @Test
    void aTaskOfSeventeenVideosIsRefusedBeforeAnythingIsCopied() {
        String task = "a1c0ffee00000000000000000000000c";
        int videos = VideoKeeper.MAX_VIDEOS + 1;
        IntStream.range(0, videos).forEach(i -> vendor.cdn(task + "-" + i + ".mp4", VendorStubs.video(20_000, 200 + i)));
        vendor.succeededWith(task, IntStream.range(0, videos).mapToObj(i -> vendor.cdnUrl(task + "-" + i + ".mp4")).toList());

        keepExpecting("{\"taskId\":\"" + task + "\"}", "SourceRefusedException", "lists 17 videos, more than the 16");

        assertEquals(0, wiremock.find(getRequestedFor(urlPathMatching("/cdn/.*"))).size(), "nothing fetched");
        assertEquals(0, S3.s3().listObjectsV2(r -> r.bucket(S3MockServer.BUCKET).prefix("kept/" + task)).keyCount(), "nothing stored");
    }

    /** A long URL with a signature: S3's metadata gets it without the query, under 1 KB, and no message has the query. */
    @Test
    void theSourceIsStoredWithoutItsQueryStringWithinS3sMetadataLimit() throws Exception {
        String task = "a1c0ffee00000000000000000000000d";
        String path = "/cdn/" + "p".repeat(2_000) + "/" + task + ".mp4";
        String signed = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=" + "5e".repeat(400);
        String url = vendor.cdnUrl(path.substring("/cdn/".length())) + signed;
        assertTrue(url.length() > 2_800, "a URL of about 3 KB: " + url.length());
        byte[] video = VendorStubs.video(50_000, 12);
        register(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody(video)));
        vendor.succeededWith(task, List.of(url));
        vendor.hdProcessing(task);

        JsonNode answer = keep("{\"taskId\":\"" + task + "\"}");

        assertStored(answer.at("/files/0"), "kept/" + task + "/0.mp4", video, "720p");
        Map<String, String> metadata = S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key("kept/" + task + "/0.mp4")).metadata();
        String source = metadata.get("veo-source");
        assertTrue(source.length() <= 1024, source.length() + " characters");
        assertTrue(source.startsWith(vendor.cdnUrl("pppp")), source);
        assertFalse(source.contains("?") || source.contains("X-Amz"), "no query string: " + source);
        int metadataBytes = metadata.entrySet().stream()
                .mapToInt(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length).sum();
        assertTrue(metadataBytes <= 2048, "S3's user metadata limit: " + metadataBytes + " bytes");

        String gone = "a1c0ffee00000000000000000000000e";
        register(get(urlPathEqualTo("/cdn/" + gone + ".mp4")).willReturn(aResponse().withStatus(404)));
        vendor.succeededWith(gone, List.of(vendor.cdnUrl(gone + ".mp4") + signed));
        invoke(HandlerRouter.routed(KeepVideoHandler.NAME, "{\"taskId\":\"" + gone + "\"}")).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("io.veostatus.error.SourceGoneException"))
                .body("errorMessage", org.hamcrest.Matchers.containsString(vendor.cdnUrl(gone + ".mp4") + ":"))
                .body("errorMessage", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("X-Amz")));
    }

    /**
     * A 1080p endpoint that answers with a URL holding the API key (as a hostile API would, to have the key copied into
     * an error, a log line or the object's metadata), served by the CDN stand-in: the URL is never fetched, the 1080p
     * version is "not yet" with the reason, and no form of the key is in the answer, the objects' metadata or what was
     * logged.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("keyForms")
    void a1080pUrlThatHoldsTheKeyIsNeverFetchedAndLeavesNoFormOfIt(String form, String echoed, int n) throws Exception {
        String task = String.format("a1c0ffee0000000000000000000020%02x", n);
        byte[] original = VendorStubs.video(100_000, 13);
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", original);
        String hostile = echoed + "/" + task + "-1080p.mp4";
        vendor.cdn(hostile, VendorStubs.video(120_000, 14));
        vendor.hdReady(task, vendor.cdnUrl(hostile));
        int logged = SuiteRecorder.logLines().size();

        String body = invoke(HandlerRouter.routed(KeepVideoHandler.NAME, "{\"taskId\":\"" + task + "\"}")).statusCode(200)
                .extract().asString();

        JsonNode answer = JSON.readTree(body);
        assertEquals("PENDING", answer.at("/hd/status").asText(), body);
        assertTrue(answer.at("/hd/reason").asText().contains("held the API key"), body);
        assertStored(answer.at("/files/0"), "kept/" + task + "/0.mp4", original, "720p");
        assertEquals(1, answer.get("files").size(), body);
        assertEquals(0, wiremock.find(getRequestedFor(urlPathMatching("/cdn/.+/" + task + "-1080p.mp4"))).size(),
                "the URL holding the key was fetched");
        assertEquals(List.of(), KeyForms.in(API_KEY, body), "the answer");
        assertNoFormOfTheKeyIn(S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key("kept/" + task + "/0.mp4"))
                .metadata().toString(), "the original's metadata");
        List<String> lines = SuiteRecorder.logLines().subList(logged, SuiteRecorder.logLines().size());
        assertTrue(lines.stream().anyMatch(line -> line.contains("held the API key")), "the refusal was logged: " + lines);
        assertNoFormOfTheKeyIn(String.join("\n", lines), "the lines logged");
    }

    /**
     * The same URL, where the CDN stand-in says the file is gone: an outcome that would quote the URL in its message
     * (SourceGoneException) never arises, and the answer and the lines logged hold no form of the key.
     */
    @Test
    void a1080pUrlThatHoldsTheKeyAndIsGoneIsNoErrorThatQuotesIt() throws Exception {
        String task = "a1c0ffee00000000000000000000002f";
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", VendorStubs.video(100_000, 15));
        String hostile = "/cdn/v/" + API_KEY + "/" + task + "-1080p.mp4";
        register(get(urlPathEqualTo(hostile)).willReturn(aResponse().withStatus(404)));
        vendor.hdReady(task, vendor.cdnUrl(hostile.substring("/cdn/".length())));
        int logged = SuiteRecorder.logLines().size();

        String body = invoke(HandlerRouter.routed(KeepVideoHandler.NAME, "{\"taskId\":\"" + task + "\"}")).statusCode(200)
                .extract().asString();

        assertTrue(JSON.readTree(body).at("/hd/reason").asText().contains("held the API key"), body);
        assertEquals(0, wiremock.find(getRequestedFor(urlPathEqualTo(hostile))).size(), "the URL holding the key was fetched");
        assertEquals(List.of(), KeyForms.in(API_KEY, body), "the answer");
        assertNoFormOfTheKeyIn(String.join("\n", SuiteRecorder.logLines().subList(logged, SuiteRecorder.logLines().size())),
                "the lines logged");
    }

    /**
     * An outcome whose message holds the key (here the event's own text, which the refusal quotes: a key given twice,
     * named as the API key) leaves with the key redacted, in the error Lambda reports and in the summary line, as the
     * status function's outcomes do: both pass the same last guard.
     */
    @Test
    void anOutcomesMessageLeavesWithoutTheKey() {
        int logged = SuiteRecorder.logLines().size();

        String error = invoke(HandlerRouter.routed(KeepVideoHandler.NAME, "{\"" + API_KEY + "\":1,\"" + API_KEY + "\":2}"))
                .statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("io.veostatus.error.InvalidRequestException"))
                .body("errorMessage", org.hamcrest.Matchers.containsString("\"[REDACTED]\" more than once"))
                .extract().asString();

        assertEquals(List.of(), KeyForms.in(API_KEY, error), "the error");
        List<String> lines = SuiteRecorder.logLines().subList(logged, SuiteRecorder.logLines().size());
        assertTrue(lines.stream().anyMatch(line -> line.contains("InvalidRequestException") && line.contains("[REDACTED]")),
                "the summary line: " + lines);
        assertNoFormOfTheKeyIn(String.join("\n", lines), "the lines logged");
    }

    static Stream<Arguments> keyForms() {
        List<Map.Entry<String, String>> forms = List.copyOf(KeyForms.of(API_KEY).entrySet());
        return IntStream.range(0, forms.size()).mapToObj(n -> Arguments.of(forms.get(n).getKey(), forms.get(n).getValue(), n));
    }

    private static void assertNoFormOfTheKeyIn(String text, String where) {
        assertEquals(List.of(), KeyForms.in(API_KEY, text), where);
    }

    /**
     * The URLs a hostile record-info reply may give, with a stand-in of an internal service on every address of this
     * machine: each is refused, the service sees no connection, nothing is stored.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http://127.0.0.1:PORT/latest", "http://localhost:PORT/latest", "http://2130706433:PORT/latest",
            "http://[::1]:PORT/latest", "http://0177.0.0.1:PORT/latest", "http://0x7f.1:PORT/latest", "http://127.1:PORT/latest",
            "http://[::ffff:127.0.0.1]:PORT/latest", "http://169.254.169.254/latest/meta-data/",
            "http://169.254.170.2/v2/credentials", "redirect:http://127.0.0.1:PORT/latest" })
    void aHostileUrlIsRefusedAndReachesNothing(String form) {
        String task = "a1c0ffee000000000000000000ba" + String.format("%04x", form.hashCode() & 0xffff);
        try (RawHttpServer internal = RawHttpServer.onEveryAddress(RawHttpServer.answering(200, "video/mp4",
                "internal secret".getBytes(StandardCharsets.US_ASCII)))) {
            String hostile = form.replace("redirect:", "").replace("PORT", String.valueOf(internal.port()));
            String url = hostile;
            if (form.startsWith("redirect:")) {
                // The allowed stand-in of the CDN redirects to the internal service.
                url = vendor.cdnUrl(task + ".mp4");
                register(get(urlPathEqualTo("/cdn/" + task + ".mp4"))
                        .willReturn(aResponse().withStatus(302).withHeader("Location", hostile)));
            }
            vendor.succeededWith(task, List.of(url));

            keepExpecting("{\"taskId\":\"" + task + "\"}", "SourceRefusedException", "Refused the video at ");

            assertEquals(0, internal.connections(), "connections that reached the internal service");
        }
        assertEquals(0, S3.s3().listObjectsV2(r -> r.bucket(S3MockServer.BUCKET).prefix("kept/" + task)).keyCount(), "nothing stored");
    }

    /** Headers that come a byte every 100 ms never trip the read timeout: the answer still comes before the deadline. */
    @Test
    void aCdnThatTricklesItsHeadersIsAnsweredBeforeTheDeadline() throws Exception {
        String task = "a1c0ffee00000000000000000000000f";
        try (RawHttpServer trickling = RawHttpServer.start(javax.net.ServerSocketFactory.getDefault(), InetAddress.getByName("127.0.0.1"),
                ownSourcePort(), (request, out) -> {
                    out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 600; i++) {
                        out.write('a');
                        out.flush();
                        Thread.sleep(100);
                    }
                })) {
            vendor.succeededWith(task, List.of("http://127.0.0.1:" + ownSourcePort() + "/" + task + ".mp4"));

            long start = System.nanoTime();
            KeepUnavailableException outcome = assertThrows(KeepUnavailableException.class, () -> handler.handleRequest(
                    new ByteArrayInputStream(("{\"taskId\":\"" + task + "\"}").getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), new FixedDeadlineContext(5_000)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(took.compareTo(Duration.ofMillis(5_000)) < 0, "answered before the 5 s deadline, took " + took);
            assertTrue(outcome.getMessage().contains("time ran out"), outcome.getMessage());
            assertEquals(1, trickling.connections(), "no retry started that could not end in time");
        }
        assertAbsent("kept/" + task + "/0.mp4");
    }

    private static int ownSourcePort() {
        return ConfigProvider.getConfig().getValue(KeepProfile.OWN_SOURCE_PORT, Integer.class);
    }

    @Test
    void anEventThatGivesAKeyTwiceIsRefusedBeforeAnythingIsAsked() throws Exception {
        String task = "a1c0ffee00000000000000000000001b";
        String other = "a1c0ffee00000000000000000000001c";
        vendor.succeeded(task, "720p", true, "16:9");
        vendor.succeeded(other, "720p", true, "16:9");

        keepExpecting("{\"taskId\":\"" + task + "\",\"taskId\":\"" + other + "\"}", "InvalidRequestException",
                "\"taskId\" more than once");
        keepExpecting("{\"taskId\":\"" + task + "\",\"keep\":{\"done\":false,\"done\":true}}", "InvalidRequestException",
                "\"done\" more than once");
        assertEquals(0, wiremock.find(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(), "record-info never asked");

        vendor.cdn(task + ".mp4", VendorStubs.video(100_000, 11));
        assertTrue(keep("{\"taskId\":\"" + task + "\"}").get("done").asBoolean(), "the next invocation is served");
    }

    private JsonNode keep(String event) throws Exception {
        String body = invoke(HandlerRouter.routed(KeepVideoHandler.NAME, event)).statusCode(200).extract().asString();
        return JSON.readTree(body);
    }

    private void keepExpecting(String event, String errorClass, String saying) {
        invoke(HandlerRouter.routed(KeepVideoHandler.NAME, event)).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("io.veostatus.error." + errorClass))
                .body("errorMessage", org.hamcrest.Matchers.containsString(saying));
    }

    private void assertStored(JsonNode file, String key, byte[] source, String resolution) throws Exception {
        assertEquals(S3MockServer.BUCKET, file.get("bucket").asText(), file.toString());
        assertEquals(key, file.get("key").asText());
        assertEquals(source.length, file.get("bytes").asLong());
        assertEquals(VendorStubs.sha256(source), file.get("sha256").asText(), "the source's SHA-256");
        assertEquals(resolution, file.get("resolution").asText());
        ResponseBytes<GetObjectResponse> stored = S3.s3().getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertArrayEquals(source, stored.asByteArray(), "the stored bytes are the source's");
        HeadObjectResponse head = S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));
        assertEquals(VendorStubs.sha256(source), head.checksumSHA256(), "S3's own checksum of the object");
    }

    private void assertAbsent(String key) {
        try {
            S3.s3().headObject(r -> r.bucket(S3MockServer.BUCKET).key(key));
            throw new AssertionError(key + " was stored");
        } catch (NoSuchKeyException expected) {
            // Nothing stored.
        }
    }

    private void emptyAndDeleteTheBucket() {
        List<String> keys = S3.s3().listObjectsV2(r -> r.bucket(S3MockServer.BUCKET)).contents().stream().map(o -> o.key()).toList();
        keys.forEach(key -> S3.s3().deleteObject(r -> r.bucket(S3MockServer.BUCKET).key(key)));
        S3.s3().deleteBucket(r -> r.bucket(S3MockServer.BUCKET));
    }

    private void register(com.github.tomakehurst.wiremock.client.MappingBuilder stub) {
        wiremock.register(stub);
    }
}
