package io.veostatus.keep;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.ConfigProvider;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * The vendor as the keeping tests see it, all on the tests' WireMock: record-info's answer for a succeeded
 * task whose video is on the "CDN" ({@code /cdn/...} of the same WireMock), the CDN's files, and the 1080p
 * endpoint. The 1080p "not ready" answer is the one the vendor's OpenAPI lists: code 400 "1080P is processing".
 */
public final class VendorStubs {

    public static final String HD = "/api/v1/veo/get-1080p-video";
    private static final String RECORD_INFO = "/api/v1/veo/record-info";

    private final Consumer<MappingBuilder> register;
    private final String baseUrl;

    /** The vendor on the Quarkus tests' WireMock (its dev service). */
    public VendorStubs(Consumer<MappingBuilder> register) {
        this(register, "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.wiremock.devservices.port", Integer.class));
    }

    /** The vendor on a WireMock at {@code baseUrl}. */
    public VendorStubs(Consumer<MappingBuilder> register, String baseUrl) {
        this.register = register;
        this.baseUrl = baseUrl;
    }

    public String cdnUrl(String file) {
        return baseUrl + "/cdn/" + file;
    }

    /** record-info: the task succeeded, with one video at {@code /cdn/<task>.mp4}. */
    public void succeeded(String taskId, String resolution, boolean fallback, String aspectRatio) {
        register.accept(get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId)).willReturn(json(
                succeededBody(taskId, cdnUrl(taskId + ".mp4"), resolution, fallback, aspectRatio))));
    }

    public static String succeededBody(String taskId, String videoUrl, String resolution, boolean fallback, String aspectRatio) {
        return succeededBody(taskId, List.of(videoUrl), resolution, fallback, aspectRatio);
    }

    /** record-info: the task succeeded with these videos, in this order. */
    public static String succeededBody(String taskId, List<String> videoUrls, String resolution, boolean fallback,
            String aspectRatio) {
        return "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"" + taskId
                + "\",\"paramJson\":\"{\\\"prompt\\\":\\\"A paper boat\\\",\\\"aspectRatio\\\":\\\"" + aspectRatio + "\\\"}\","
                + "\"response\":{\"taskId\":\"" + taskId + "\",\"resultUrls\":[\"" + String.join("\",\"", videoUrls)
                + "\"],\"resolution\":\"" + resolution + "\"},\"successFlag\":1,\"fallbackFlag\":" + fallback
                + ",\"createTime\":1764403200000,\"completeTime\":1764403380000}}";
    }

    /** record-info's answer for {@code taskId}: it succeeded with these videos (16:9, 720p, not a fallback). */
    public void succeededWith(String taskId, List<String> videoUrls) {
        register.accept(get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId))
                .willReturn(json(succeededBody(taskId, videoUrls, "720p", false, "16:9"))));
    }

    /** The 1080p endpoint answers "processing" for every video of {@code taskId}. */
    public void hdProcessing(String taskId) {
        register.accept(get(urlPathEqualTo(HD)).withQueryParam("taskId", equalTo(taskId)).willReturn(json(
                "{\"code\":400,\"msg\":\"1080P is processing. It should be ready in 1-2 minutes.\",\"data\":null}")));
    }

    public void cdn(String file, byte[] body) {
        register.accept(get(urlPathEqualTo("/cdn/" + file)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "video/mp4").withBody(body)));
    }

    public void hdReady(String taskId, String url) {
        register.accept(hd(taskId).willReturn(hdReadyAnswer(url)));
    }

    /** The 1080p endpoint answers "processing" {@code times} times, then the file. */
    public void hdNotReadyThenReady(String taskId, int times, String url) {
        for (int i = 0; i <= times; i++) {
            ScenarioMappingBuilder stub = hd(taskId).inScenario("1080p " + taskId)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "checked " + i);
            if (i < times) {
                register.accept(stub.willSetStateTo("checked " + (i + 1)).willReturn(json(
                        "{\"code\":400,\"msg\":\"1080P is processing. It should be ready in 1-2 minutes. Please check back shortly.\",\"data\":null}")));
            } else {
                register.accept(stub.willReturn(hdReadyAnswer(url)));
            }
        }
    }

    private static MappingBuilder hd(String taskId) {
        return get(urlPathEqualTo(HD)).withQueryParam("taskId", equalTo(taskId)).withQueryParam("index", equalTo("0"));
    }

    private static ResponseDefinitionBuilder hdReadyAnswer(String url) {
        return json("{\"code\":200,\"msg\":\"success\",\"data\":{\"resultUrl\":\"" + url + "\"}}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Bytes that stand in for a video: random, so that no two files of the tests are alike. */
    public static byte[] video(int bytes, long seed) {
        byte[] video = new byte[bytes];
        new Random(seed).nextBytes(video);
        return video;
    }

    /** Base64 of the SHA-256, as S3 writes checksums. */
    public static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
