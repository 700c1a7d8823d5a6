package io.veostatus.veoapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

import io.veostatus.status.LambdaInvocationTest;
import io.veostatus.testing.AnotherHost;

/**
 * A redirect is not followed even by a deployment that turns Quarkus's following of redirects on: Vert.x would send
 * the request's headers, the bearer key among them, to whichever host the Location names. The redirect is the upstream
 * being unavailable, and the other host sees no request.
 */
@QuarkusTest
@TestProfile(RedirectsNotFollowedTest.FollowRedirectsOn.class)
class RedirectsNotFollowedTest extends LambdaInvocationTest {

    private static final String TASK = "veo_task_abcdef123456";

    public static class FollowRedirectsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.follow-redirects", "true",
                    "quarkus.rest-client.record-info.follow-redirects", "true");
        }
    }

    /** Where a followed redirect would land with the key. */
    @RegisterExtension
    static final AnotherHost ELSEWHERE = new AnotherHost(example("success.json"));

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = { 301, 302, 303, 307, 308 })
    void aRedirectToAnotherHostIsNotFollowed(int status) {
        answer(TASK, aResponse().withStatus(status)
                .withHeader("Location", ELSEWHERE.url(RECORD_INFO + "?taskId=" + TASK)));

        ValidatableResponse answer = poll(TASK);

        assertEquals(0, ELSEWHERE.requests(), "the redirect was followed to the host the Location names, "
                + (ELSEWHERE.sawAuthorization() ? "with" : "without") + " the Authorization header");
        answer.statusCode(500).body("errorType", equalTo("io.veostatus.error.UpstreamUnavailableException"))
                .body("errorMessage", containsString("HTTP " + status));
    }
}
