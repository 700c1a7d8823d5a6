package io.veostatus.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.veostatus.upstream.ApiKeyProvider;

/**
 * The API key read through the AWS Parameters and Secrets Lambda Extension (VEO_API_KEY_SECRET_ID),
 * with WireMock standing in for the extension's local endpoint.
 */
@QuarkusTest
@TestProfile(SecretsExtensionKeyTest.KeyFromSecret.class)
class SecretsExtensionKeyTest extends LambdaInvocationTest {

    private static final String SECRETS = "/secretsmanager/get";
    private static final String SECRET_ID = "veo/api-key";
    private static final String SESSION_TOKEN = "test-session-token";
    private static final String TASK = "veo_task_abcdef123456";

    public static class KeyFromSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("veo.api.key", "",
                    "veo.api.key-secret-id", SECRET_ID,
                    "veo.api.secrets-extension-token", SESSION_TOKEN,
                    "veo.api.secrets-extension-url", "http://localhost:${quarkus.wiremock.devservices.port}");
        }
    }

    @Inject
    ApiKeyProvider keys;

    @BeforeEach
    void forgetTheCachedKey() {
        keys.forgetSecret();
    }

    @Test
    void theKeyIsReadWithTheSessionTokenAndCached() {
        secretIs("secret-key-1");
        succeedsWithKey("secret-key-1");

        poll(TASK).statusCode(200).body("status", equalTo("SUCCEEDED"));
        poll(TASK).statusCode(200).body("status", equalTo("SUCCEEDED"));

        wiremock.verifyThat(1, getRequestedFor(urlPathEqualTo(SECRETS))
                .withQueryParam("secretId", WireMock.equalTo(SECRET_ID))
                .withHeader("X-Aws-Parameters-Secrets-Token", WireMock.equalTo(SESSION_TOKEN)));
        assertEquals(2, callsFor(TASK));
    }

    @Test
    void aRefusedKeyIsReadAgainOnceInCaseItWasRotated() {
        wiremock.register(get(urlPathEqualTo(SECRETS)).inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(secret("old-key")).willSetStateTo("rotated"));
        wiremock.register(get(urlPathEqualTo(SECRETS)).inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(secret("new-key")));
        wiremock.register(recordInfo(TASK).withHeader("Authorization", WireMock.equalTo("Bearer old-key"))
                .willReturn(json(example("unauthorized.json"))));
        succeedsWithKey("new-key");

        poll(TASK).statusCode(200).body("status", equalTo("SUCCEEDED"));
        assertEquals(2, wiremock.find(getRequestedFor(urlPathEqualTo(SECRETS))).size());
        assertEquals(2, callsFor(TASK));
    }

    @Test
    void aKeyRefusedAgainAfterTheRefreshIsAnAuthError() {
        secretIs("wrong-key");
        wiremock.register(recordInfo(TASK).willReturn(json(example("unauthorized.json"))));

        pollExpectingError(TASK, "UpstreamAuthException");
        assertEquals(2, wiremock.find(getRequestedFor(urlPathEqualTo(SECRETS))).size(), "one refresh, no more");
        assertEquals(1, callsFor(TASK), "the same key is not tried twice");
    }

    @Test
    void anUnknownSecretIsAClearError() {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(aResponse().withStatus(400)
                .withBody("ResourceNotFoundException: Secrets Manager can't find the specified secret.")));
        pollExpectingError(TASK, "UpstreamAuthException")
                .body("errorMessage", containsString("VEO_API_KEY_SECRET_ID"))
                .body("errorMessage", containsString("no such secret"));
        assertEquals(0, callsFor(TASK));
    }

    @Test
    void anEmptySecretIsAClearError() {
        secretIs("  ");
        pollExpectingError(TASK, "UpstreamAuthException")
                .body("errorMessage", containsString("VEO_API_KEY_SECRET_ID"))
                .body("errorMessage", containsString("no text value"));
        assertEquals(0, callsFor(TASK));
    }

    @Test
    void aMissingExtensionIsAClearError() {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        pollExpectingError(TASK, "UpstreamAuthException")
                .body("errorMessage", containsString("Parameters and Secrets Lambda Extension did not answer"))
                .body("errorMessage", containsString("VEO_API_KEY_SECRET_ID"));
        assertEquals(0, callsFor(TASK));

        // Once the extension answers, the next invocation is served.
        secretIs("secret-key-1");
        succeedsWithKey("secret-key-1");
        poll(TASK).statusCode(200).body("status", equalTo("SUCCEEDED"));
    }

    private void secretIs(String value) {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(secret(value)));
    }

    private void succeedsWithKey(String key) {
        wiremock.register(recordInfo(TASK).withHeader("Authorization", WireMock.equalTo("Bearer " + key))
                .willReturn(json(example("success.json"))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder secret(String value) {
        return json("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/api-key-AbCdEf\",\"Name\":\""
                + SECRET_ID + "\",\"SecretString\":\"" + value + "\",\"VersionId\":\"v1\"}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
