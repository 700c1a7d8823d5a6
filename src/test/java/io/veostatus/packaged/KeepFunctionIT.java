package io.veostatus.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ServerSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import io.veostatus.keep.S3MockServer;
import io.veostatus.keep.VendorStubs;
import io.veostatus.testing.RawHttpServer;

/**
 * The keeping function as it is deployed: its package (template.yaml's {@code CodeUri}, target/keep/function.zip)
 * started by the launchers of the packaged tests with the keeping function's settings from template.yaml (its
 * handler, {@code QUARKUS_LAMBDA_HANDLER=veo-keep}), Lambda's credentials and region in its environment, copying
 * into S3Mock from WireMock as the vendor. The same cases run against whichever artifact the zip holds: the JVM jar
 * (run by AWS's runtime interface client) or the native {@code bootstrap} (run as provided.al2023 runs it).
 */
class KeepFunctionIT {

    /** The S3 client of the AWS SDK: in this function's package, and only in it (PackagedFunctionCases). */
    static final String S3_CLIENT = "software.amazon.awssdk.services.s3.S3Client";
    /** The SDK's transport on the JDK's HttpURLConnection, which the S3 client is built with. */
    static final String URL_CONNECTION_CLIENT = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";
    /**
     * HTTP clients the copy does not use, each by a class of its own (a native image keeps the name of every class it
     * includes): the SDK's Apache transports and Apache HttpClient 5 and 4 under them, its Netty (async) transport, its
     * transport on the AWS Common Runtime, and the CRT itself, which the CRT signers also need.
     */
    static final List<String> UNUSED_HTTP_CLIENTS = List.of(
            "software.amazon.awssdk.http.apache5.Apache5HttpClient",
            "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
            "org.apache.hc.core5.http.HttpHost",
            "software.amazon.awssdk.http.apache.ApacheHttpClient",
            "org.apache.http.impl.client.CloseableHttpClient",
            "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient",
            "software.amazon.awssdk.http.crt.AwsCrtHttpClient",
            "software.amazon.awssdk.crt.CRT");
    private static final String KEY = "keep-it-key-DO-NOT-LEAK";
    /** A signed query string the hostile URLs carry: no message or log line may hold it. */
    private static final String SIGNATURE = "X-Amz-Signature=keep-it-signature-DO-NOT-LEAK";
    /** The deadline of the slow-dependency cases: far shorter than the template's timeout, longer than a start. */
    private static final Duration DEADLINE = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer vendorServer;
    private static VendorStubs vendor;
    private static S3MockServer s3Mock;
    private static S3Client s3;
    private static PackagedFunction function;
    private static boolean nativeExecutable;
    private static FunctionLauncher launcher;
    /** The shared function's environment, for a case that starts one of its own. */
    private static Map<String, String> settings;
    /** A stand-in of an internal service on every address of this machine: no connection may reach it. */
    private static RawHttpServer internal;
    /** A CDN that sends its head, then a byte every 200 ms for 6.5 s, then nothing for two minutes. */
    private static RawHttpServer trickling;

    @BeforeAll
    static void start() throws Exception {
        s3Mock = new S3MockServer();
        s3Mock.start();
        vendorServer = new WireMockServer(options().dynamicPort());
        vendorServer.start();
        vendor = new VendorStubs(vendorServer::stubFor, "http://localhost:" + vendorServer.port());
        String endpoint = S3MockServer.awaitReady();
        s3 = S3MockServer.client();

        // The keeping function of template.yaml (deployed when KeepBucket is set), from its package.
        launcher = FunctionLauncher.forFunction("KeepVideoFunction",
                Map.of("KeepBucket", S3MockServer.BUCKET, "KeepPrefix", "it/"));
        nativeExecutable = launcher.isNative();
        assertTrue(launcher.holds(S3_CLIENT), "the keeping function's package carries the S3 client it copies with");
        internal = RawHttpServer.onEveryAddress(RawHttpServer.answering(200, "video/mp4",
                "internal secret".getBytes(StandardCharsets.US_ASCII)));
        trickling = RawHttpServer.start(ServerSocketFactory.getDefault(), InetAddress.getByName("127.0.0.1"), 0, (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 32; i++) {
                out.write(i);
                out.flush();
                Thread.sleep(200);
            }
            Thread.sleep(120_000);
        });
        settings = new HashMap<>(deployed(endpoint));
        // The stand-ins of the CDN speak http on this machine: exactly WireMock and the trickling source are allowed.
        settings.put("VEO_KEEP_ALLOW_HTTP_SOURCES", "true");
        settings.put("VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES", "localhost:" + vendorServer.port() + ",127.0.0.1:" + trickling.port());
        function = launcher.start(settings, Files.createTempFile("veo-keep-function", ".log"));
    }

    /** The settings of a deployment, with S3Mock (path-style) as its S3 at {@code endpoint}. */
    private static Map<String, String> deployed(String endpoint) {
        Map<String, String> settings = new HashMap<>();
        settings.put("VEO_KEEP_BUCKET", S3MockServer.BUCKET);
        settings.put("VEO_KEEP_PREFIX", "it/");
        settings.put("VEO_API_KEY", KEY);
        settings.put("VEO_API_BASE_URL", "http://localhost:" + vendorServer.port());
        settings.put("AWS_REGION", S3MockServer.REGION);
        settings.put("AWS_ACCESS_KEY_ID", "it-access-key");
        settings.put("AWS_SECRET_ACCESS_KEY", "it-secret-key");
        settings.put("AWS_SESSION_TOKEN", "it-session-token");
        // Only the endpoint differs from a real deployment: S3Mock, path-style.
        settings.put("VEO_KEEP_S3_ENDPOINT", endpoint);
        settings.put("VEO_KEEP_S3_PATH_STYLE_ACCESS", "true");
        return settings;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (function != null) {
                assertFalse(function.output().contains(KEY), "the function's output holds the key");
                assertFalse(function.output().contains(SIGNATURE), "the function's output holds a signed query string");
                // Gone before the class ends: no process of this test outlives it.
                function.close();
            }
        } finally {
            if (vendorServer != null) {
                vendorServer.stop();
            }
            if (internal != null) {
                internal.close();
            }
            if (trickling != null) {
                trickling.close();
            }
            if (s3 != null) {
                s3.close();
            }
            if (s3Mock != null) {
                s3Mock.stop();
            }
        }
    }

    @Test
    void aVideoAndIts1080pVersionAreKeptWithTheSourcesBytesAndChecksumThenNotCopiedAgain() throws Exception {
        String task = "c3c0ffee000000000000000000000001";
        byte[] original = VendorStubs.video(2_500_000, 31);
        byte[] hd = VendorStubs.video(3_000_000, 32);
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", original);
        vendor.cdn(task + "-1080p.mp4", hd);
        vendor.hdReady(task, vendor.cdnUrl(task + "-1080p.mp4"));

        RuntimeApiServer.Answer first = function.invoke("{\"taskId\":\"" + task + "\"}");
        assertFalse(first.failed(), first.body() + functionOutput());
        JsonNode kept = JSON.readTree(first.body());
        assertTrue(kept.get("done").asBoolean());
        assertEquals("KEPT", kept.at("/hd/status").asText());
        assertKept(kept.at("/files/0"), "it/" + task + "/0.mp4", original);
        assertKept(kept.at("/files/1"), "it/" + task + "/0-1080p.mp4", hd);
        // For the record (the closing note of a build): the answer, and each object as S3 describes it beside its source.
        Files.writeString(Path.of("target/keep-it-" + (nativeExecutable ? "native" : "jvm") + ".json"),
                kept.toPrettyString() + "\n" + described(task + ".mp4", "it/" + task + "/0.mp4", original)
                        + described(task + "-1080p.mp4", "it/" + task + "/0-1080p.mp4", hd),
                StandardCharsets.UTF_8);

        vendorServer.resetRequests();
        RuntimeApiServer.Answer again = function.invoke("{\"taskId\":\"" + task + "\"}");
        assertFalse(again.failed(), again.body());
        assertEquals(kept.get("files"), JSON.readTree(again.body()).get("files"));
        assertEquals(0, vendorServer.findAll(getRequestedFor(urlPathMatching("/cdn/.*"))).size(), "nothing copied again");
    }

    @Test
    void thePackageCarriesNoHttpClientTheCopyDoesNotUse() throws Exception {
        assertTrue(launcher.holds(URL_CONNECTION_CLIENT), "the transport the S3 client is built with");
        List<String> carried = new ArrayList<>();
        for (String unused : UNUSED_HTTP_CLIENTS) {
            if (launcher.holds(unused)) {
                carried.add(unused);
            }
        }
        assertEquals(List.of(), carried, launcher.artifact() + " carries HTTP clients the copy does not use");
    }

    @Test
    void aSourceThatIsGoneIsReportedByItsClassName() throws Exception {
        String task = "c3c0ffee000000000000000000000002";
        vendor.succeeded(task, "720p", true, "16:9");
        vendorServer.stubFor(get(urlPathEqualTo("/cdn/" + task + ".mp4")).willReturn(aResponse().withStatus(404)));

        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + task + "\"}");

        assertTrue(answer.failed(), answer.body());
        assertEquals("io.veostatus.error.SourceGoneException", JSON.readTree(answer.body()).get("errorType").asText());
    }

    @Test
    void aFallbackVideoIsKeptInItsOriginalResolution() throws Exception {
        String task = "c3c0ffee000000000000000000000003";
        byte[] original = VendorStubs.video(1_000_000, 33);
        vendor.succeeded(task, "720p", true, "16:9");
        vendor.cdn(task + ".mp4", original);

        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + task + "\"}");

        assertFalse(answer.failed(), answer.body() + functionOutput());
        JsonNode kept = JSON.readTree(answer.body());
        assertEquals("NOT_OFFERED", kept.at("/hd/status").asText());
        assertEquals(1, kept.get("files").size());
        assertKept(kept.at("/files/0"), "it/" + task + "/0.mp4", original);
        assertEquals(0, vendorServer.findAll(getRequestedFor(urlPathEqualTo(VendorStubs.HD))).stream()
                .filter(request -> request.getUrl().contains(task)).count());
    }

    @Test
    void atTraceNoCredentialIsLoggedWhileAVideoAndIts1080pVersionAreKept() throws Exception {
        String task = "c3c0ffee000000000000000000000014";
        byte[] original = VendorStubs.video(400_000, 34);
        byte[] hd = VendorStubs.video(500_000, 35);
        vendor.succeeded(task, "720p", false, "16:9");
        vendor.cdn(task + ".mp4", original);
        vendor.cdn(task + "-1080p.mp4", hd);
        vendor.hdReady(task, vendor.cdnUrl(task + "-1080p.mp4"));
        Map<String, String> traced = new HashMap<>(settings);
        traced.putAll(MarkerCredentials.atTrace());
        traced.put("VEO_API_KEY", MarkerCredentials.VEO_API_KEY);

        try (PackagedFunction tracing = launcher.start(traced, Files.createTempFile("veo-keep-function-trace", ".log"))) {
            RuntimeApiServer.Answer answer = tracing.invoke("{\"taskId\":\"" + task + "\"}");

            assertFalse(answer.failed(), answer.body() + tracing.printed());
            JsonNode kept = JSON.readTree(answer.body());
            assertEquals("KEPT", kept.at("/hd/status").asText(), answer.body());
            // Two objects written to S3 (signed, with the session token) after a look for each, record-info and the
            // 1080p endpoint called with the key: every credential was in a request.
            assertKept(kept.at("/files/0"), "it/" + task + "/0.mp4", original);
            assertKept(kept.at("/files/1"), "it/" + task + "/0-1080p.mp4", hd);
            MarkerCredentials.assertNoneIn(tracing, answer);
        }
    }

    /**
     * The URLs a hostile record-info reply may give, each with a signed query string: refused, no connection reaches
     * the internal service (on every address of this machine), nothing is stored, and no message holds the query.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http://127.0.0.1:PORT/latest", "http://localhost:PORT/latest", "http://2130706433:PORT/latest",
            "http://[::1]:PORT/latest", "http://0177.0.0.1:PORT/latest", "http://0x7f.1:PORT/latest", "http://127.1:PORT/latest",
            "http://[::ffff:127.0.0.1]:PORT/latest", "http://169.254.169.254/latest/meta-data/",
            "http://169.254.170.2/v2/credentials", "redirect:http://127.0.0.1:PORT/latest", "redirect:http://localhost:PORT/latest" })
    void aHostileUrlIsRefusedAndReachesNothing(String form) throws Exception {
        String task = String.format("c3c0ffee%024x", form.hashCode() & 0xffffffL);
        String hostile = form.replace("redirect:", "").replace("PORT", String.valueOf(internal.port())) + "?" + SIGNATURE;
        String url = hostile;
        if (form.startsWith("redirect:")) {
            // The allowed stand-in of the CDN redirects to the internal service.
            url = vendor.cdnUrl(task + ".mp4");
            vendorServer.stubFor(get(urlPathEqualTo("/cdn/" + task + ".mp4")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", hostile)));
        }
        vendor.succeededWith(task, List.of(url));

        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + task + "\"}");

        assertTrue(answer.failed(), answer.body() + functionOutput());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals("io.veostatus.error.SourceRefusedException", error.get("errorType").asText(), answer.body());
        assertTrue(error.get("errorMessage").asText().startsWith("Refused the video at "), answer.body());
        assertFalse(answer.body().contains(SIGNATURE), answer.body());
        assertEquals(0, internal.connections(), "connections that reached the internal service");
        assertNothingStored(task);
    }

    @Test
    void aTaskOfSeventeenVideosIsRefusedBeforeAnythingIsCopied() throws Exception {
        String task = "c3c0ffee000000000000000000000004";
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            vendor.cdn(task + "-" + i + ".mp4", VendorStubs.video(10_000, 40 + i));
            urls.add(vendor.cdnUrl(task + "-" + i + ".mp4"));
        }
        vendor.succeededWith(task, urls);

        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + task + "\"}");

        assertTrue(answer.failed(), answer.body());
        assertEquals("io.veostatus.error.SourceRefusedException", JSON.readTree(answer.body()).get("errorType").asText());
        assertEquals(0, vendorServer.findAll(getRequestedFor(urlPathMatching("/cdn/" + task + ".*"))).size(), "nothing fetched");
        assertNothingStored(task);
    }

    /** A byte every 200 ms, then a stall: a 10 s read timeout would hold the last read past the 8 s deadline. */
    @Test
    void aCdnThatTricklesThenStallsIsAnsweredBeforeTheDeadline() throws Exception {
        String task = "c3c0ffee000000000000000000000005";
        vendor.succeededWith(task, List.of("http://127.0.0.1:" + trickling.port() + "/" + task + ".mp4"));

        RuntimeApiServer.Answer answer = function.invokeWithin("{\"taskId\":\"" + task + "\"}", DEADLINE);

        assertTrue(answer.failed(), answer.body());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals("io.veostatus.error.KeepUnavailableException", error.get("errorType").asText(), answer.body());
        assertTrue(error.get("errorMessage").asText().contains("time ran out"), answer.body());
        assertTrue(answer.duration().compareTo(DEADLINE) < 0, "answered before the deadline: " + answer.duration());
        assertNothingStored(task);
    }

    /** S3 that accepts the connection and never answers: each call's timeout is what the attempt has left. */
    @Test
    void anS3ThatNeverAnswersIsAnsweredBeforeTheDeadline() throws Exception {
        String task = "c3c0ffee000000000000000000000006";
        vendor.succeeded(task, "720p", true, "16:9");
        vendor.cdn(task + ".mp4", VendorStubs.video(100_000, 60));
        try (RawHttpServer silentS3 = RawHttpServer.start(ServerSocketFactory.getDefault(), InetAddress.getByName("127.0.0.1"), 0,
                (request, out) -> Thread.sleep(120_000))) {
            Map<String, String> settings = new HashMap<>(deployed("http://127.0.0.1:" + silentS3.port()));
            settings.put("VEO_KEEP_ALLOW_HTTP_SOURCES", "true");
            settings.put("VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES", "localhost:" + vendorServer.port());
            try (PackagedFunction silent = launcher.start(settings, Files.createTempFile("veo-keep-silent-s3", ".log"))) {
                RuntimeApiServer.Answer answer = silent.invokeWithin("{\"taskId\":\"" + task + "\"}", DEADLINE);

                assertTrue(answer.failed(), answer.body() + silent.printed());
                JsonNode error = JSON.readTree(answer.body());
                assertEquals("io.veostatus.error.KeepUnavailableException", error.get("errorType").asText(), answer.body());
                assertTrue(error.get("errorMessage").asText().contains("s3://" + S3MockServer.BUCKET + "/it/" + task), answer.body());
                assertTrue(answer.duration().compareTo(DEADLINE) < 0, "answered before the deadline: " + answer.duration());
                assertTrue(silentS3.connections() >= 1, "S3 was asked");
            }
        }
    }

    /** Started as deployed (no allowance): plain http is refused before any lookup, and this machine's addresses too. */
    @Test
    void asDeployedOnlyHttpsToAPublicAddressIsFetched() throws Exception {
        try (PackagedFunction deployed = launcher.start(deployed(S3MockServer.awaitReady()),
                Files.createTempFile("veo-keep-deployed", ".log"))) {
            int port = internal.port();
            Map<String, String> refusals = Map.of(
                    "http://cdn.example.com/v/abc.mp4", "it is not https",
                    "https://localhost:" + port + "/v.mp4", "127.0.0.1, a loopback address",
                    "https://127.0.0.1:" + port + "/v.mp4", "127.0.0.1, a loopback address",
                    "https://[::1]:" + port + "/v.mp4", "0:0:0:0:0:0:0:1, a loopback address",
                    "https://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address");
            int n = 7;
            for (Map.Entry<String, String> refusal : refusals.entrySet()) {
                String task = String.format("c3c0ffee%024x", n++);
                vendor.succeededWith(task, List.of(refusal.getKey() + "?" + SIGNATURE));

                RuntimeApiServer.Answer answer = deployed.invoke("{\"taskId\":\"" + task + "\"}");

                assertTrue(answer.failed(), answer.body() + deployed.printed());
                JsonNode error = JSON.readTree(answer.body());
                assertEquals("io.veostatus.error.SourceRefusedException", error.get("errorType").asText(), answer.body());
                assertTrue(error.get("errorMessage").asText().contains(refusal.getValue()), answer.body());
            }
            assertEquals(0, internal.connections(), "connections that reached the internal service");
            assertFalse(deployed.output().contains(SIGNATURE), "the function's output holds a signed query string");
        }
    }

    private static void assertNothingStored(String task) {
        assertEquals(0, s3.listObjectsV2(r -> r.bucket(S3MockServer.BUCKET).prefix("it/" + task)).keyCount(), "objects stored");
    }

    private static void assertKept(JsonNode file, String key, byte[] source) {
        assertEquals(key, file.get("key").asText(), file.toString());
        assertEquals(source.length, file.get("bytes").asLong());
        assertEquals(VendorStubs.sha256(source), file.get("sha256").asText());
        assertArrayEquals(source, s3.getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key)).asByteArray());
    }

    private static String described(String source, String key, byte[] bytes) {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(S3MockServer.BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));
        return "source " + source + ": " + bytes.length + " bytes, sha256 " + VendorStubs.sha256(bytes) + "\n"
                + "S3 " + key + ": " + head.contentLength() + " bytes, ChecksumSHA256 " + head.checksumSHA256() + ", "
                + head.contentType() + "\n";
    }

    private static String functionOutput() {
        return function.printed();
    }

}
