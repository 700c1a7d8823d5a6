package io.veostatus.veoapi;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import io.veostatus.error.UpstreamAuthException;
import io.veostatus.kernel.Deadline;
import io.veostatus.keep.VendorStubs;
import io.veostatus.kernel.TaskId;
import io.veostatus.status.LambdaInvocationTest;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.testing.AnotherHost;
import io.veostatus.testing.ForAll;
import io.veostatus.testing.KeyForms;
import io.veostatus.testing.VeoApiReplies.Reply;
import io.veostatus.testing.VeoApiReplies;

/**
 * Whatever the 1080p endpoint replies (any status from 100 to 599, any body, any content type, a redirect, a broken
 * connection), the real REST client and the gateway end in "ready" (only for a 2xx reply holding the ready answer),
 * "not yet", or a refused key (HTTP 401 or 403, or code 401): nothing else reaches the keeping function's caller, and a
 * redirect is never followed with the key.
 */
@QuarkusTest
class HdVideoRepliesTest extends LambdaInvocationTest {

    private static final String TASK = "0123456789abcdef0123456789abcdef";
    private static final String READY_URL = "https://cdn.example.org/" + TASK + "-1080p.mp4";
    private static final String READY = "{\"code\":200,\"msg\":\"success\",\"data\":{\"resultUrl\":\"" + READY_URL + "\"}}";
    private static final String PROCESSING = "{\"code\":400,\"msg\":\"1080P is processing. It should be ready in 1-2 minutes.\","
            + "\"data\":null}";
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    /** Where a followed redirect would land with the key. */
    @RegisterExtension
    static final AnotherHost ELSEWHERE = new AnotherHost(READY);

    @Inject
    HdVideoGateway gateway;

    @Test
    void everyReplyIsReadyNotYetOrARefusedKey() {
        String target = ELSEWHERE.url(VendorStubs.HD + "?taskId=" + TASK + "&index=0");
        ForAll.check("1080p: ready only from a 2xx ready answer; a refused key only for 401/403; else not yet", 20261201L, 250,
                random -> VeoApiReplies.reply(random, List.of(READY, READY, PROCESSING), target, 65_536), reply -> {
                    wiremock.resetMappings();
                    wiremock.resetRequests();
                    wiremock.register(get(urlPathEqualTo(VendorStubs.HD)).withQueryParam("taskId", equalTo(TASK))
                            .withQueryParam("index", equalTo("0")).willReturn(reply.stub()));
                    String verdict = outcome(reply);
                    assertEquals(1, wiremock.find(getRequestedFor(urlPathEqualTo(VendorStubs.HD))).size(), "one exchange");
                    return verdict;
                });
        assertEquals(0, ELSEWHERE.requests(), "a redirect was followed to another host");
    }

    /**
     * A ready answer whose URL holds the API key, in any form an API might put it there, is not used: not yet, with a
     * reason that says why and holds no form of the key; the same answer with the key taken out is ready.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("keyForms")
    void aUrlThatHoldsTheKeyIsNotUsed(String form, String echoed) {
        for (String url : List.of("https://cdn.example.org/" + echoed + "/" + TASK + "-1080p.mp4",
                "https://cdn.example.org/" + TASK + "-1080p.mp4?token=" + echoed)) {
            wiremock.register(get(urlPathEqualTo(VendorStubs.HD)).withQueryParam("taskId", equalTo(TASK))
                    .willReturn(okJson("{\"code\":200,\"msg\":\"success\",\"data\":{\"resultUrl\":\""
                            + url + "\"}}")));

            HdAnswer answer = gateway.check(new TaskId(TASK), 0, Deadline.after(DEADLINE), new UpstreamUsage());

            assertFalse(answer.ready(), form + ": the URL was used: " + url);
            assertTrue(answer.reason().contains("held the API key"), answer.reason());
            assertEquals(List.of(), KeyForms.in(API_KEY, answer.reason()), answer.reason());
        }
        wiremock.register(get(urlPathEqualTo(VendorStubs.HD)).withQueryParam("taskId", equalTo(TASK)).willReturn(okJson(READY)));
        assertEquals(READY_URL, gateway.check(new TaskId(TASK), 0, Deadline.after(DEADLINE), new UpstreamUsage()).url());
    }

    static Stream<Arguments> keyForms() {
        return KeyForms.of(API_KEY).entrySet().stream().map(form -> Arguments.of(form.getKey(), form.getValue()));
    }

    private String outcome(Reply reply) {
        HdAnswer answer;
        try {
            answer = gateway.check(new TaskId(TASK), 0, Deadline.after(DEADLINE), new UpstreamUsage());
        } catch (UpstreamAuthException refused) {
            boolean refusedStatus = reply.fault() == null && (reply.status() == 401 || reply.status() == 403);
            assertTrue(refusedStatus || reply.success() && reply.body() != null
                    && new String(reply.body(), StandardCharsets.UTF_8).contains("\"code\":401"),
                    "a refused key from " + reply);
            return reply.family() + ": refused key";
        } catch (RuntimeException escaped) {
            return fail("escaped as " + escaped, escaped);
        }
        if (answer.ready()) {
            assertTrue(reply.success() && reply.well(), "ready from " + reply);
            assertEquals(READY_URL, answer.url());
            return reply.family() + ": ready";
        }
        assertFalse(answer.reason() == null || answer.reason().isBlank(), "a not-yet without a reason");
        return reply.family() + ": " + "not yet";
    }
}
