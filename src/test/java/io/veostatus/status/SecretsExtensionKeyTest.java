package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.error.ApiKeyUnavailableException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.keep.VendorStubs;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.veoapi.HdAnswer;
import io.veostatus.veoapi.HdVideoGateway;

/**
 * The API key read through the AWS Parameters and Secrets Lambda Extension (VEO_API_KEY_SECRET_ID),
 * with WireMock standing in for the extension's local endpoint: what each of its answers becomes, and that the read
 * ends before the invocation's deadline whatever the extension does.
 */
@QuarkusTest
@TestProfile(KeyFromSecretProfile.class)
class SecretsExtensionKeyTest extends LambdaInvocationTest {

    private static final String SECRETS = KeyFromSecretProfile.SECRETS;
    private static final String SECRET_ID = KeyFromSecretProfile.SECRET_ID;
    private static final String SESSION_TOKEN = KeyFromSecretProfile.SESSION_TOKEN;
    private static final String TASK = "veo_task_abcdef123456";
    private static final String HD_URL = "https://cdn.example.org/veo_task_abcdef123456-1080p.mp4";

    @Inject
    ApiKeyProvider keys;

    @Inject
    VeoStatusHandler handler;

    @Inject
    HdVideoGateway hdVideos;

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

    /**
     * The 1080p endpoint's call takes the same path as record-info's: a key it refuses (HTTP 401 or 403, or code 401) is
     * read again once from the secret, and the check is made again with the rotated key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aKeyRefusedAtThe1080pEndpointIsReadAgainOnceInCaseItWasRotated(String name, ResponseDefinitionBuilder refusal) {
        wiremock.register(get(urlPathEqualTo(SECRETS)).inScenario("rotation").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(secret("old-key")).willSetStateTo("rotated"));
        wiremock.register(get(urlPathEqualTo(SECRETS)).inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(secret("new-key")));
        wiremock.register(hdVideo("old-key").willReturn(refusal));
        wiremock.register(hdVideo("new-key").willReturn(json("{\"code\":200,\"msg\":\"success\",\"data\":"
                + "{\"resultUrl\":\"" + HD_URL + "\"}}")));
        UpstreamUsage usage = new UpstreamUsage();

        HdAnswer answer = hdVideos.check(new TaskId(TASK), 0, Deadline.after(Duration.ofSeconds(5)), usage);

        assertEquals(HD_URL, answer.url(), name + ": " + answer);
        assertEquals(2, wiremock.find(getRequestedFor(urlPathEqualTo(SECRETS))).size(), "the secret read once more");
        assertEquals(2, wiremock.find(getRequestedFor(urlPathEqualTo(VendorStubs.HD))).size(), "asked with each key once");
        assertEquals(2, usage.attempts());
    }

    @Test
    void aKeyRefusedAgainAtThe1080pEndpointAfterTheRefreshIsAnAuthError() {
        secretIs("wrong-key");
        wiremock.register(hdVideo("wrong-key").willReturn(aResponse().withStatus(401)));

        UpstreamAuthException refused = assertThrows(UpstreamAuthException.class,
                () -> hdVideos.check(new TaskId(TASK), 0, Deadline.after(Duration.ofSeconds(5)), new UpstreamUsage()));

        assertTrue(refused.getMessage().contains("at the 1080p endpoint (HTTP 401)"), refused.getMessage());
        assertEquals(2, wiremock.find(getRequestedFor(urlPathEqualTo(SECRETS))).size(), "one refresh, no more");
        assertEquals(1, wiremock.find(getRequestedFor(urlPathEqualTo(VendorStubs.HD))).size(), "the same key is not tried twice");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(Arguments.of("HTTP 401", aResponse().withStatus(401)),
                Arguments.of("HTTP 403", aResponse().withStatus(403)),
                Arguments.of("code 401", json("{\"code\":401,\"msg\":\"Unauthorized\"}")));
    }

    /**
     * What the extension may answer, and what becomes of the invocation: only a secret that does not exist or may not be
     * read is the deployment's fault ({@code UpstreamAuthException}, which fires the key alarm); anything the extension
     * fails at for now is {@code ApiKeyUnavailableException}, which the state machines retry. Either way no record-info
     * call is made, nothing of the failure is kept, and the next invocation, with the extension healthy, is served. (A
     * connection refused, the extension's layer missing, is a packaged case: WireMock cannot refuse on its own port.)
     */
    static Stream<Arguments> extensionAnswers() {
        String document = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/api-key-AbCdEf\",\"Name\":\""
                + SECRET_ID + "\",\"VersionId\":\"v1\"";
        return Stream.concat(errorReplies(), Stream.of(
                Arguments.of("HTTP 404", aResponse().withStatus(404), "UpstreamAuthException", "no such secret"),
                Arguments.of("an empty SecretString", json(document + ",\"SecretString\":\"  \"}"), "UpstreamAuthException",
                        "no text value"),
                Arguments.of("a binary secret", json(document + ",\"SecretBinary\":\"AAEC\"}"), "UpstreamAuthException",
                        "binary value"),
                Arguments.of("HTTP 503", aResponse().withStatus(503).withBody("Service Unavailable"), "ApiKeyUnavailableException",
                        "HTTP 503"),
                Arguments.of("HTTP 500", aResponse().withStatus(500), "ApiKeyUnavailableException", "HTTP 500"),
                Arguments.of("HTTP 429", aResponse().withStatus(429).withBody("Rate exceeded"), "ApiKeyUnavailableException",
                        "HTTP 429"),
                Arguments.of("an HTML page", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"), "ApiKeyUnavailableException",
                        "an HTML page"),
                Arguments.of("an HTML page said to be JSON", json("<!DOCTYPE html><html><body>error</body></html>"),
                        "ApiKeyUnavailableException", "an HTML page"),
                Arguments.of("text that is not JSON", json("secret-key-1"), "ApiKeyUnavailableException", "not JSON"),
                Arguments.of("JSON without a SecretString", json(document + "}"), "ApiKeyUnavailableException",
                        "without a SecretString"),
                Arguments.of("a SecretString that is not text", json(document + ",\"SecretString\":42}"),
                        "ApiKeyUnavailableException", "not text"),
                Arguments.of("two documents", json(document + ",\"SecretString\":\"k1\"}{}"), "ApiKeyUnavailableException",
                        "not JSON"),
                Arguments.of("a document over the cap", json(document + ",\"SecretString\":\"secret-key-1\",\"Padding\":\""
                        + "x".repeat(70_000) + "\"}"), "ApiKeyUnavailableException", "larger than 65536 bytes"),
                Arguments.of("a connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                        "ApiKeyUnavailableException", "failed to answer for now"),
                Arguments.of("a reply 30 s late", secret("secret-key-1").withFixedDelay(30_000), "ApiKeyUnavailableException",
                        "did not answer in time"),
                Arguments.of("a body that trickles for 30 s", secret("secret-key-1").withChunkedDribbleDelay(20, 30_000),
                        "ApiKeyUnavailableException", "did not give the secret named by VEO_API_KEY_SECRET_ID within 4000 ms")));
    }

    /**
     * Error replies as the extension may pass Secrets Manager's errors on: their type decides, not their status, which
     * Secrets Manager's JSON protocol sets to 400 for not found, access denied, throttling and more (its API reference,
     * "Common Errors"). The shapes: the JSON protocol's {@code {"__type":..., "message":...}} as AWS's open-source Secrets
     * Manager Agent passes an error on (aws/aws-secretsmanager-agent, {@code utils.rs} {@code err_response} and the
     * bodies of {@code cache_manager.rs}'s tests, with Secrets Manager's status); {@code "Code"} as other AWS error
     * documents carry it; the Go SDK's {@code Type: message} text (the AccessDeniedException below as an AWS Go SDK
     * client logged it, elastic/apm-aws-lambda#401); and the extension's own answer naming no type,
     * "an unexpected error occurred while executing request" with HTTP 400 (fedonev/lambda-params-secrets,
     * {@code data/test-responses.json}, recorded from the extension), where the status decides as before.
     */
    static Stream<Arguments> errorReplies() {
        return Stream.of(
                Arguments.of("HTTP 400, __type ResourceNotFoundException", errorReply(400,
                        "{\"__type\":\"ResourceNotFoundException\", \"message\":\"Secrets Manager can't find the specified secret.\"}"),
                        "UpstreamAuthException", "HTTP 400, ResourceNotFoundException: no such secret"),
                Arguments.of("HTTP 400, __type AccessDeniedException (KMS)", errorReply(400,
                        "{\"__type\":\"AccessDeniedException\",\"Message\":\"Access to KMS is not allowed\"}"),
                        "UpstreamAuthException", "HTTP 400, AccessDeniedException: access denied"),
                Arguments.of("HTTP 400, __type ThrottlingException", errorReply(400,
                        "{\"__type\":\"ThrottlingException\", \"message\":\"Rate exceeded\"}"),
                        "ApiKeyUnavailableException", "HTTP 400, ThrottlingException"),
                Arguments.of("HTTP 400, __type InternalServiceError", errorReply(400,
                        "{\"__type\":\"InternalServiceError\", \"message\":\"An error occurred on the server side.\"}"),
                        "ApiKeyUnavailableException", "HTTP 400, InternalServiceError"),
                Arguments.of("HTTP 400, __type DecryptionFailure", errorReply(400,
                        "{\"__type\":\"DecryptionFailure\", \"message\":\"Secrets Manager can't decrypt the protected secret "
                                + "text using the provided KMS key.\"}"),
                        "ApiKeyUnavailableException", "HTTP 400, DecryptionFailure"),
                Arguments.of("HTTP 400, __type with the protocol's namespace", errorReply(400,
                        "{\"__type\":\"com.amazonaws.secretsmanager#ThrottlingException\",\"message\":\"Rate exceeded\"}"),
                        "ApiKeyUnavailableException", "HTTP 400, ThrottlingException"),
                Arguments.of("HTTP 500, __type InternalFailure", errorReply(500, "{\"__type\":\"InternalFailure\"}"),
                        "ApiKeyUnavailableException", "HTTP 500, InternalFailure"),
                Arguments.of("HTTP 400, Code ThrottlingException", errorReply(400,
                        "{\"Code\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}"),
                        "ApiKeyUnavailableException", "HTTP 400, ThrottlingException"),
                Arguments.of("HTTP 400, Go SDK text ResourceNotFoundException", aResponse().withStatus(400)
                        .withBody("ResourceNotFoundException: Secrets Manager can't find the specified secret."),
                        "UpstreamAuthException", "HTTP 400, ResourceNotFoundException: no such secret"),
                Arguments.of("HTTP 400, Go SDK text AccessDeniedException", aResponse().withStatus(400)
                        .withBody("operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, "
                                + "RequestID: 7fd623fc-fcbd-44b7-aeae-2b4e63c3168e, api error AccessDeniedException: User: "
                                + "arn:aws:sts::123456789012:assumed-role/veo-status-role/veo-status is not authorized to perform: "
                                + "secretsmanager:GetSecretValue on resource: veo/api-key because no identity-based policy allows "
                                + "the secretsmanager:GetSecretValue action"),
                        "UpstreamAuthException", "HTTP 400, AccessDeniedException: access denied"),
                Arguments.of("HTTP 400, Go SDK text ThrottlingException", aResponse().withStatus(400)
                        .withBody("ThrottlingException: Rate exceeded\n\tstatus code: 400, request id: 0f3e0a4c"),
                        "ApiKeyUnavailableException", "HTTP 400, ThrottlingException"),
                Arguments.of("HTTP 403, Go SDK text AccessDeniedException", aResponse().withStatus(403)
                        .withBody("AccessDeniedException: not authorized to perform secretsmanager:GetSecretValue"),
                        "UpstreamAuthException", "HTTP 403, AccessDeniedException: access denied"),
                Arguments.of("HTTP 400, the extension's own words, no type", aResponse().withStatus(400)
                        .withBody("an unexpected error occurred while executing request"),
                        "UpstreamAuthException", "HTTP 400: no such secret"),
                Arguments.of("HTTP 403, no body", aResponse().withStatus(403), "UpstreamAuthException",
                        "HTTP 403: access denied"),
                // A fault of the moment stays one, whatever its text mentions.
                Arguments.of("HTTP 503, text that mentions AccessDeniedException", aResponse().withStatus(503)
                        .withBody("upstream failed after an AccessDeniedException was retried"),
                        "ApiKeyUnavailableException", "for now (HTTP 503"),
                Arguments.of("HTTP 400, JSON whose message only mentions AccessDeniedException", errorReply(400,
                        "{\"message\":\"the AccessDeniedException you may see is not this\"}"),
                        "UpstreamAuthException", "HTTP 400: no such secret"),
                Arguments.of("HTTP 502, JSON whose message only mentions ResourceNotFoundException", errorReply(502,
                        "{\"message\":\"ResourceNotFoundException in a dependency\"}"),
                        "ApiKeyUnavailableException", "for now (HTTP 502)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extensionAnswers")
    void whatTheExtensionAnswersDecidesTheOutcome(String name, ResponseDefinitionBuilder answer, String outcome, String says) {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(answer));
        succeedsWithKey("secret-key-1");
        Instant start = Instant.now();
        pollExpectingError(TASK, outcome)
                .body("errorMessage", containsString(says))
                .body("errorMessage", containsString("VEO_API_KEY_SECRET_ID"));
        Duration took = Duration.between(start, Instant.now());
        assertEquals(0, callsFor(TASK));
        // The whole read is bounded (the connect and read timeouts together), whatever the extension does.
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, name + " took " + took);

        secretIs("secret-key-1");
        poll(TASK).statusCode(200).body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void anExtensionThatDoesNotAnswerIsCutAtTheInvocationsDeadline() {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(secret("secret-key-1").withFixedDelay(30_000)));
        succeedsWithKey("secret-key-1");
        Instant start = Instant.now();
        ApiKeyUnavailableException outcome = assertThrows(ApiKeyUnavailableException.class,
                () -> invokeDirectly(handler, TASK, new FixedDeadlineContext(2_000)));
        Duration took = Duration.between(start, Instant.now());

        // 2 s left less the 250 ms reserve: the read gets 1750 ms, not its own 4 s.
        assertTrue(outcome.getMessage().matches(".*within (17[0-4]\\d|1750) ms.*"), outcome.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(2_000)) < 0, "answered before the deadline, took " + took);
        assertEquals(0, callsFor(TASK));

        secretIs("secret-key-1");
        poll(TASK).statusCode(200).body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void anHttpCallerIsToldToComeBackWhenTheKeyCannotBeReadForNow() throws Exception {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(aResponse().withStatus(503)));
        String event = AwsEvent.HTTP_API.request("GET", "/tasks/" + TASK, Map.of()).toString();
        JsonNode response = AwsEvent.JSON.readTree(invoke(event).statusCode(200).extract().asString());

        assertEquals(503, response.get("statusCode").asInt(), response.toString());
        assertEquals("30", response.at("/headers/Retry-After").asText(), response.toString());
        JsonNode problem = AwsEvent.JSON.readTree(response.get("body").asText());
        assertEquals("urn:veo-status:problem:api-key-unavailable", problem.get("type").asText());
        assertEquals("veo-status could not read its Veo API key for now", problem.get("title").asText());
        assertTrue(problem.get("detail").asText().contains("HTTP 503"), problem.toString());
        assertEquals(0, callsFor(TASK));
    }

    private static MappingBuilder hdVideo(String key) {
        return get(urlPathEqualTo(VendorStubs.HD)).withQueryParam("taskId", WireMock.equalTo(TASK))
                .withQueryParam("index", WireMock.equalTo("0")).withHeader("Authorization", WireMock.equalTo("Bearer " + key));
    }

    private void secretIs(String value) {
        wiremock.register(get(urlPathEqualTo(SECRETS)).willReturn(secret(value)));
    }

    private void succeedsWithKey(String key) {
        wiremock.register(recordInfo(TASK).withHeader("Authorization", WireMock.equalTo("Bearer " + key))
                .willReturn(json(example("success.json"))));
    }

    private static ResponseDefinitionBuilder secret(String value) {
        return json("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/api-key-AbCdEf\",\"Name\":\""
                + SECRET_ID + "\",\"SecretString\":\"" + value + "\",\"VersionId\":\"v1\"}");
    }

    private static ResponseDefinitionBuilder errorReply(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
