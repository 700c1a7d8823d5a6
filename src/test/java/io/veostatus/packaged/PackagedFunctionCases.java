package io.veostatus.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The cases every packaged artifact must pass, written once: each subclass says only how its artifact is
 * started ({@link #launcher()}). The function runs as Lambda runs it, against a Runtime API server of the
 * test's own, with WireMock as the Veo API (and as the Parameters and Secrets extension). Most cases share one
 * running function, as invocations share a warm environment; a case that needs other settings, or ends the
 * process, starts its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PackagedFunctionCases implements LogAndMetricsCases {

    static final String KEY = "packaged-it-key-5e1d-DO-NOT-LEAK";
    static final String TASK = "veo_task_abcdef123456";
    static final String OTHER_TASK = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
    static final String SERVICE = "veo-status-it";
    static final String RECORD_INFO = "/api/v1/veo/record-info";
    /**
     * Long enough for any orderly exit after SIGTERM (Lambda itself sends SIGKILL 500 ms after it, with an
     * extension registered; the startup benchmark, not this test, says how fast each artifact is).
     */
    static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer veoApi;
    private PackagedFunction function;
    private final List<PackagedFunction> ownFunctions = new ArrayList<>();

    /** How this artifact is started. */
    protected abstract FunctionLauncher launcher();

    @BeforeAll
    void startTheFunction() throws Exception {
        veoApi = new WireMockServer(options().dynamicPort());
        veoApi.start();
        function = start(Map.of("VEO_API_KEY", KEY, "VEO_API_BASE_URL", "http://localhost:" + veoApi.port(),
                "VEO_TELEMETRY_SERVICE_NAME", SERVICE,
                // Outages in several cases must not open the breaker for the cases after them (its tests are elsewhere).
                "VEO_UPSTREAM_CIRCUIT_BREAKER_REQUEST_VOLUME", "1000"));
        function.readyAfter(Duration.ofSeconds(60));
        assertEquals(0, veoApi.getAllServeEvents().size(), "the function called the Veo API before any invocation");
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (function != null) {
                assertCleanLog(function);
            }
        } finally {
            for (PackagedFunction started : ownFunctions) {
                started.close();
            }
            if (veoApi != null) {
                veoApi.stop();
            }
        }
    }

    @BeforeEach
    void resetTheVeoApi() {
        veoApi.resetAll();
    }

    @Override
    public PackagedFunction function() {
        return function;
    }

    @Override
    public WireMockServer veoApi() {
        return veoApi;
    }

    @Test
    void theStatusFunctionCarriesNoClientOfTheAwsSdk() throws IOException {
        // Keeping videos and callbacks are the other functions', in their own packages (KeepFunctionIT and
        // CallbackFunctionIT check that they hold their clients): the status function neither starts nor ships them.
        for (String client : List.of(KeepFunctionIT.S3_CLIENT, CallbackFunctionIT.DYNAMODB_CLIENT, CallbackFunctionIT.SFN_CLIENT)) {
            assertFalse(launcher().holds(client), launcher().artifact() + " holds " + client);
        }
    }

    @Test
    void theStatusPackageToldToKeepVideosFailsItsInitAndNamesThePackageThatCan() throws Exception {
        // A deployment that points the keeping function at the status package: its init fails with a sentence,
        // not every invocation with a reflection error.
        PackagedFunction misdeployed = start(Map.of("VEO_API_KEY", KEY, "QUARKUS_LAMBDA_HANDLER", "veo-keep"));
        assertTrue(misdeployed.initFailedWithin(Duration.ofSeconds(60)), "init did not fail" + misdeployed.printed());
        assertTrue(misdeployed.output().contains("no handler named 'veo-keep'")
                && misdeployed.output().contains("target/keep/function.zip"), misdeployed.printed());
        assertTrue(misdeployed.initError().orElse("").contains("no handler named 'veo-keep'"), misdeployed.printed());
    }

    @Test
    void aSucceededTask() throws Exception {
        answer(veoApi, "success.json");
        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + TASK + "\"}");

        assertFalse(answer.failed(), answer.body() + function.printed());
        JsonNode status = JSON.readTree(answer.body());
        assertEquals("SUCCEEDED", status.get("status").asText());
        assertEquals("http://example.com/video1.mp4", status.get("videoUrls").get(0).asText());
        assertEquals("A futuristic city with flying cars at sunset.", status.get("prompt").asText());
        assertEquals("2025-06-06T10:30:00Z", status.get("completedAt").asText());
        assertEquals(1, status.get("poll").get("attempt").asInt());
        veoApi.verify(getRequestedFor(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(TASK))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void anUnknownTaskIsTheErrorTypeStepFunctionsMatches() throws Exception {
        answer(veoApi, "not-found-422.json");
        RuntimeApiServer.Answer answer = function.invoke("\"" + TASK + "\"");

        String message = assertError(answer, "io.veostatus.error.TaskNotFoundException");
        assertTrue(message.contains("record is null"), message);
    }

    @Test
    void anInvalidIdIsRejectedAndTheNextInvocationServed() throws Exception {
        assertError(function.invoke("{\"taskId\":\"../x\"}"), "io.veostatus.error.InvalidTaskIdException");
        assertError(function.invoke("not json"), "io.veostatus.error.InvalidRequestException");
        assertEquals(0, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size());

        answer(veoApi, "generating.json");
        RuntimeApiServer.Answer served = function.invoke("{\"taskId\":\"3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7\"}");
        assertEquals("GENERATING", JSON.readTree(served.body()).get("status").asText(), served.body());
    }

    @Test
    void anEventThatGivesTaskIdTwiceIsRefusedAndTheNextInvocationServed() throws Exception {
        String message = assertError(function.invoke("{\"taskId\":\"" + TASK + "\",\"taskId\":\"" + OTHER_TASK + "\"}"),
                "io.veostatus.error.InvalidRequestException");
        assertTrue(message.contains("\"taskId\" more than once"), message);
        assertEquals(0, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size());

        answer(veoApi, "generating.json");
        RuntimeApiServer.Answer served = function.invoke("{\"taskId\":\"" + OTHER_TASK + "\"}");
        assertEquals("GENERATING", JSON.readTree(served.body()).get("status").asText(), served.body());
    }

    @Test
    void aReplyThatGivesSuccessFlagTwiceIsNotUnderstoodAndTheNextInvocationServed() throws Exception {
        String success = example("success.json");
        veoApi.stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(success.replace("\"successFlag\":1", "\"successFlag\":1,\"successFlag\":2"))));

        String message = assertError(function.invoke("{\"taskId\":\"" + TASK + "\"}"),
                "io.veostatus.error.UpstreamUnavailableException");
        assertTrue(message.contains("twice"), message);

        answer(veoApi, "success.json");
        RuntimeApiServer.Answer served = function.invoke("{\"taskId\":\"" + TASK + "\"}");
        assertEquals("SUCCEEDED", JSON.readTree(served.body()).get("status").asText(), served.body());
    }

    @Test
    void a422SayingTheTaskDoesNotExistIsNotFoundNotFailed() throws Exception {
        veoApi.stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":422,\"msg\":\"Task does not exist\",\"data\":null}")));

        String message = assertError(function.invoke("{\"taskId\":\"" + TASK + "\"}"),
                "io.veostatus.error.TaskNotFoundException");
        assertTrue(message.contains("Task does not exist"), message);
        assertEquals(1, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(), "not retried");
    }

    @Test
    void aWebSocketEventIsRefused() throws Exception {
        String message = assertError(function.invoke(
                "{\"requestContext\":{\"connectionId\":\"x\",\"eventType\":\"CONNECT\"},\"httpMethod\":\"GET\"}"),
                "io.veostatus.error.InvalidRequestException");
        assertTrue(message.contains("WebSocket"), message);
    }

    @Test
    void anHttpApiRequest() throws Exception {
        answer(veoApi, "success.json");
        RuntimeApiServer.Answer answer = function.invoke(httpApiEvent("/tasks/" + TASK));

        assertFalse(answer.failed(), answer.body());
        JsonNode http = JSON.readTree(answer.body());
        assertEquals(200, http.path("statusCode").asInt(), answer.body());
        assertEquals("application/json", http.get("headers").get("Content-Type").asText());
        assertEquals("SUCCEEDED", JSON.readTree(http.get("body").asText()).get("status").asText());
    }

    @Test
    void anHttpRequestWithAnInvalidIdGetsAProblemDocument() throws Exception {
        RuntimeApiServer.Answer answer = function.invoke(httpApiEvent("/tasks/a%26b"));

        assertFalse(answer.failed(), answer.body());
        JsonNode http = JSON.readTree(answer.body());
        assertEquals(400, http.path("statusCode").asInt(), answer.body());
        assertEquals("application/problem+json", http.get("headers").get("Content-Type").asText());
        JsonNode problem = JSON.readTree(http.path("body").asText());
        assertEquals("urn:veo-status:problem:invalid-task-id", problem.path("type").asText(), answer.body());
        assertEquals(400, problem.path("status").asInt(), answer.body());
        assertTrue(problem.path("detail").asText().contains("letters A-Z"), answer.body());
    }

    @Test
    void anUpstreamOutageIsRetriedThenReported() throws Exception {
        veoApi.stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(503)));
        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + TASK + "\"}");

        String message = assertError(answer, "io.veostatus.error.UpstreamUnavailableException");
        assertTrue(message.contains("HTTP 503"), message);
        assertEquals(3, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size());
        function.log().awaitSummary(answer.requestId());
        List<JsonNode> lines = function.log().logLines(answer.requestId());
        assertEquals(2, lines.stream().filter(line -> line.get("level").asText().equals("WARN")).count(),
                "one WARN line per retry: " + lines);
        assertEquals(1, lines.stream().filter(line -> line.get("level").asText().equals("INFO")).count(), "one summary");
        assertTrue(lines.stream().allMatch(line -> TASK.equals(line.path("mdc").path("taskId").asText(null))));
    }

    @Test
    void theKeyIsReadThroughTheSecretsExtension() throws Exception {
        String secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/api-key-AbCdEf";
        String secretKey = "secret-key-from-extension-77aa-DO-NOT-LEAK";
        WireMockServer extension = new WireMockServer(options().dynamicPort());
        extension.start();
        try {
            extension.stubFor(get(urlPathEqualTo("/secretsmanager/get")).withQueryParam("secretId", equalTo(secretArn))
                    .withHeader("X-Aws-Parameters-Secrets-Token", equalTo("test-only-session-token"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"ARN\":\"" + secretArn + "\",\"Name\":\"veo/api-key\",\"SecretString\":\""
                                    + secretKey + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"]}")));
            answer(veoApi, "success.json");
            PackagedFunction withSecret = start(Map.of("VEO_API_KEY_SECRET_ID", secretArn,
                    "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(extension.port()),
                    "VEO_API_BASE_URL", "http://localhost:" + veoApi.port()));

            withSecret.readyAfter(Duration.ofSeconds(60));
            assertEquals(0, extension.getAllServeEvents().size(), "the secret was read before any invocation");
            assertServedWithTheKeyFromTheSecret(withSecret, secretKey);
        } finally {
            extension.stop();
        }
    }

    /**
     * A base URL the key may not be sent to fails the start with one sentence, in one log line and as the init error
     * the Runtime API receives, instead of a function that starts and fails every poll as an outage.
     */
    @Test
    void aBaseUrlThatIsNotHttpsFailsTheInitWithOneSentence() throws Exception {
        Map<String, String> refusals = Map.of("api.veo3api.ai", "'api.veo3api.ai' has no scheme",
                "http://api.veo3api.ai", "'http://api.veo3api.ai' is plain http");
        for (Map.Entry<String, String> refused : refusals.entrySet()) {
            assertInitFailsWithOneSentence(Map.of("VEO_API_KEY", KEY, "VEO_API_BASE_URL", refused.getKey()),
                    "VEO_API_BASE_URL", "VEO_API_BASE_URL must be an absolute https URL such as https://api.veo3api.ai, but "
                            + refused.getValue());
        }
    }

    /** A poll-policy setting out of its range fails the start the same way, instead of being replaced without a word. */
    @Test
    void aPollSettingOutOfItsRangeFailsTheInitWithOneSentence() throws Exception {
        assertInitFailsWithOneSentence(Map.of("VEO_API_KEY", KEY, "VEO_API_BASE_URL", "http://localhost:" + veoApi.port(),
                "VEO_POLL_MIN_INTERVAL", "500ms"), "VEO_POLL_MIN_INTERVAL",
                "VEO_POLL_MIN_INTERVAL must be a whole number of seconds from 1s to 24h, but it is 500ms.");
    }

    /**
     * The function started with {@code settings} ends its init, in time, with {@code sentence}: in its output, as the
     * init error of type Runtime.ConfigInvalid the Runtime API receives, and in one line (the only one naming
     * {@code setting}) without a stack trace.
     */
    private void assertInitFailsWithOneSentence(Map<String, String> settings, String setting, String sentence)
            throws Exception {
        PackagedFunction misconfigured = start(settings);
        assertTrue(misconfigured.initFailedWithin(Duration.ofSeconds(60)), "init did not fail" + misconfigured.printed());
        assertTrue(misconfigured.output().contains(sentence), sentence + misconfigured.printed());
        JsonNode initError = JSON.readTree(misconfigured.initError().orElse("{}"));
        assertTrue(initError.path("errorMessage").asText().startsWith(sentence), initError + misconfigured.printed());
        assertEquals("Runtime.ConfigInvalid", initError.path("errorType").asText(), initError.toString());
        // One line says it; no stack trace, in whatever form.
        List<String> lines = misconfigured.outputLines();
        assertEquals(1, lines.stream().filter(line -> line.contains(setting)).count(), misconfigured.printed());
        for (String line : lines) {
            assertFalse(line.matches("\\s+at .*") || line.contains("\\tat ") || line.contains("\"frames\""),
                    "a stack trace: " + line + misconfigured.printed());
        }
    }

    /**
     * The secrets extension failing for now (a reply 30 s late, an HTML page, HTTP 503) is the retryable
     * ApiKeyUnavailableException, answered long before the deadline and counted under its own outcome, not the key
     * alarm's; nothing of it is kept, and the next invocation, with the extension healthy, is served.
     */
    @Test
    void theSecretsExtensionFailingForNowIsRetryableAndTheNextInvocationIsServed() throws Exception {
        String secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/api-key-AbCdEf";
        String secretKey = "secret-key-from-extension-88bb-DO-NOT-LEAK";
        String document = "{\"ARN\":\"" + secretArn + "\",\"Name\":\"veo/api-key\",\"SecretString\":\"" + secretKey
                + "\",\"VersionId\":\"v1\"}";
        WireMockServer extension = new WireMockServer(options().dynamicPort());
        extension.start();
        try {
            answer(veoApi, "success.json");
            PackagedFunction withSecret = start(Map.of("VEO_API_KEY_SECRET_ID", secretArn,
                    "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(extension.port()),
                    "VEO_API_BASE_URL", "http://localhost:" + veoApi.port()));
            Map<String, ResponseDefinitionBuilder> failures = new LinkedHashMap<>();
            failures.put("30 s late", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(document).withFixedDelay(30_000));
            failures.put("an HTML page", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Bad Gateway</body></html>"));
            failures.put("HTTP 503", aResponse().withStatus(503));
            for (Map.Entry<String, ResponseDefinitionBuilder> failure : failures.entrySet()) {
                extension.resetAll();
                extension.stubFor(get(urlPathEqualTo("/secretsmanager/get")).willReturn(failure.getValue()));
                RuntimeApiServer.Answer answer = withSecret.invoke("{\"taskId\":\"" + TASK + "\"}");

                assertTrue(answer.failed(), failure.getKey() + ": " + answer.body() + withSecret.printed());
                JsonNode error = JSON.readTree(answer.body());
                assertEquals("io.veostatus.error.ApiKeyUnavailableException", error.path("errorType").asText(),
                        failure.getKey() + ": " + answer.body());
                assertTrue(error.path("errorMessage").asText().contains("VEO_API_KEY_SECRET_ID"), answer.body());
                assertTrue(answer.duration().compareTo(Duration.ofSeconds(6)) < 0, failure.getKey() + " took " + answer.duration()
                        + " of a " + launcher().timeout().toSeconds() + " s deadline");
                assertEquals("ApiKeyUnavailableException",
                        withSecret.log().awaitSummary(answer.requestId()).path("Outcome").asText(), failure.getKey());
            }
            assertEquals(0, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(), "no key, no call");

            extension.resetAll();
            extension.stubFor(get(urlPathEqualTo("/secretsmanager/get")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(document)));
            assertServedWithTheKeyFromTheSecret(withSecret, secretKey);
        } finally {
            extension.stop();
        }
    }

    /**
     * No extension at all (its layer left out: nothing listens on its port) is a fault of the deployment, the one
     * connection failure reported as such: UpstreamAuthException, with a sentence that says to add the layer.
     */
    @Test
    void aMissingExtensionLayerIsAFaultOfTheDeployment() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PackagedFunction withoutLayer = start(Map.of("VEO_API_KEY_SECRET_ID", "veo/api-key",
                "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(closedPort),
                "VEO_API_BASE_URL", "http://localhost:" + veoApi.port()));
        RuntimeApiServer.Answer answer = withoutLayer.invoke("{\"taskId\":\"" + TASK + "\"}");

        assertTrue(answer.failed(), answer.body() + withoutLayer.printed());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals("io.veostatus.error.UpstreamAuthException", error.path("errorType").asText(), answer.body());
        assertTrue(error.path("errorMessage").asText().contains("connection refused")
                && error.path("errorMessage").asText().contains("add the extension's layer"), answer.body());
        assertEquals(0, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size());
        assertCleanLog(withoutLayer);
    }

    /**
     * The Veo API echoing the key in a message, in every form it could take (another case, URL-encoded, JSON-escaped,
     * base64), through the retries: no form of it reaches the error, the WARN line of each retry, the summary line,
     * or anything else the function writes.
     */
    @Test
    void anEchoedKeyIsRemovedInEveryForm() throws Exception {
        List<String> forms = keyForms(KEY);
        // In the body's JSON, the JSON-escaped forms are escaped once more: their text, not the key, is the message.
        String msg = "Invalid key; echoes: " + String.join(" | ", forms).replace("\\", "\\\\");
        veoApi.stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":500,\"msg\":\"" + msg + "\",\"data\":null}")));
        RuntimeApiServer.Answer answer = function.invoke("{\"taskId\":\"" + TASK + "\"}");

        String message = assertError(answer, "io.veostatus.error.UpstreamUnavailableException");
        assertTrue(message.contains("Invalid key; echoes: [REDACTED] | [REDACTED]"), message);
        assertEquals(3, veoApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(), "retried");
        function.log().awaitSummary(answer.requestId());
        List<JsonNode> lines = function.log().logLines(answer.requestId());
        assertEquals(2, lines.stream().filter(line -> line.get("level").asText().equals("WARN")).count(), "two retries: " + lines);
        List<String> written = new ArrayList<>(function.outputLines());
        written.add(answer.body());
        for (JsonNode line : function.log().objects()) {
            line.findValues("message").forEach(text -> written.add(text.asText()));
        }
        written.add(message);
        for (String form : forms) {
            for (String text : written) {
                assertFalse(text.contains(form), "the key, as " + form + ", is in: " + text);
            }
        }
    }

    /** A poll succeeds with the key the secret holds, which appears nowhere in what the function wrote. */
    private void assertServedWithTheKeyFromTheSecret(PackagedFunction withSecret, String secretKey) throws Exception {
        RuntimeApiServer.Answer served = withSecret.invoke("{\"taskId\":\"" + TASK + "\"}");
        assertEquals("SUCCEEDED", JSON.readTree(served.body()).path("status").asText(), served.body() + withSecret.printed());
        veoApi.verify(getRequestedFor(urlPathEqualTo(RECORD_INFO)).withHeader("Authorization", equalTo("Bearer " + secretKey)));
        assertFalse(withSecret.output().contains(secretKey), "the key from the secret is in the log" + withSecret.printed());
        assertCleanLog(withSecret);
    }

    /** The key as sent, in both cases, URL-encoded with either case of hex, JSON-escaped, base64 and base64url. */
    private static List<String> keyForms(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder upperHex = new StringBuilder();
        for (byte b : bytes) {
            upperHex.append(String.format("%%%02X", b));
        }
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            escaped.append(i % 3 == 0 ? String.format("\\u%04x", (int) key.charAt(i)) : String.valueOf(key.charAt(i)));
        }
        return List.of(key, key.toUpperCase(Locale.ROOT), key.toLowerCase(Locale.ROOT),
                upperHex.toString(), upperHex.toString().toLowerCase(Locale.ROOT), escaped.toString(),
                Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Test
    void atTraceNoCredentialIsLoggedWithTheKeyGivenOrReadFromASecret() throws Exception {
        String secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/api-key-TrAcE1";
        WireMockServer extension = new WireMockServer(options().dynamicPort());
        extension.start();
        try {
            extension.stubFor(get(urlPathEqualTo("/secretsmanager/get")).withQueryParam("secretId", equalTo(secretArn))
                    .withHeader("X-Aws-Parameters-Secrets-Token", equalTo(MarkerCredentials.SESSION_TOKEN))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"ARN\":\"" + secretArn + "\",\"Name\":\"veo/api-key\",\"SecretString\":\""
                                    + MarkerCredentials.KEY_IN_SECRET + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"]}")));
            answer(veoApi, "success.json");
            Map<String, String> keyGiven = new HashMap<>(MarkerCredentials.atTrace());
            keyGiven.put("VEO_API_KEY", MarkerCredentials.VEO_API_KEY);
            keyGiven.put("VEO_API_BASE_URL", "http://localhost:" + veoApi.port());
            Map<String, String> keyFromSecret = new HashMap<>(MarkerCredentials.atTrace());
            keyFromSecret.put("VEO_API_KEY_SECRET_ID", secretArn);
            keyFromSecret.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String.valueOf(extension.port()));
            keyFromSecret.put("VEO_API_BASE_URL", "http://localhost:" + veoApi.port());

            for (Map<String, String> settings : List.of(keyGiven, keyFromSecret)) {
                PackagedFunction traced = start(settings);
                RuntimeApiServer.Answer answer = traced.invoke("{\"taskId\":\"" + TASK + "\"}");
                assertEquals("SUCCEEDED", JSON.readTree(answer.body()).path("status").asText(), answer.body() + traced.printed());
                MarkerCredentials.assertNoneIn(traced, answer);
            }
            // Both keys and the token were sent: the runs had every credential in hand to leak.
            veoApi.verify(getRequestedFor(urlPathEqualTo(RECORD_INFO))
                    .withHeader("Authorization", equalTo("Bearer " + MarkerCredentials.VEO_API_KEY)));
            veoApi.verify(getRequestedFor(urlPathEqualTo(RECORD_INFO))
                    .withHeader("Authorization", equalTo("Bearer " + MarkerCredentials.KEY_IN_SECRET)));
            assertEquals(1, extension.getAllServeEvents().size(), "the secret was read through the extension");
        } finally {
            extension.stop();
        }
    }

    @Test
    void anHttpsUpstreamWithATrustedCertificate() throws Exception {
        TestCertificate certificate = TestCertificate.create();
        WireMockServer httpsApi = httpsVeoApi(certificate);
        try {
            answer(httpsApi, "success.json");
            Map<String, String> settings = new HashMap<>(certificate.trustedByTheRestClient());
            settings.put("VEO_API_KEY", KEY);
            settings.put("VEO_API_BASE_URL", "https://localhost:" + httpsApi.httpsPort());
            PackagedFunction trusting = start(settings);

            RuntimeApiServer.Answer answer = trusting.invoke("{\"taskId\":\"" + TASK + "\"}");

            assertEquals("SUCCEEDED", JSON.readTree(answer.body()).path("status").asText(), answer.body() + trusting.printed());
            httpsApi.verify(getRequestedFor(urlPathEqualTo(RECORD_INFO)).withHeader("Authorization", equalTo("Bearer " + KEY)));
            assertCleanLog(trusting);
        } finally {
            httpsApi.stop();
        }
    }

    @Test
    void anUntrustedCertificateIsTheUpstreamBeingUnavailable() throws Exception {
        TestCertificate certificate = TestCertificate.create();
        WireMockServer httpsApi = httpsVeoApi(certificate);
        try {
            answer(httpsApi, "success.json");
            // The default trust store (the JDK's certificate authorities) does not know the test's certificate.
            PackagedFunction distrusting = start(Map.of("VEO_API_KEY", KEY,
                    "VEO_API_BASE_URL", "https://localhost:" + httpsApi.httpsPort()));

            RuntimeApiServer.Answer answer = distrusting.invoke("{\"taskId\":\"" + TASK + "\"}");

            String message = assertError(answer, "io.veostatus.error.UpstreamUnavailableException");
            assertTrue(message.contains("TLS certificate") && message.contains("not trusted"), message);
            assertEquals(0, httpsApi.findAll(getRequestedFor(urlPathEqualTo(RECORD_INFO))).size(),
                    "no request crossed an untrusted connection");
            assertFalse(distrusting.output().contains(KEY), distrusting.printed());
            assertCleanLog(distrusting);
        } finally {
            httpsApi.stop();
        }
    }

    @Test
    void sigtermEndsTheFunctionWithoutAnError() throws Exception {
        answer(veoApi, "success.json");
        PackagedFunction retired = start(Map.of("VEO_API_KEY", KEY, "VEO_API_BASE_URL", "http://localhost:" + veoApi.port()));
        assertFalse(retired.invoke("{\"taskId\":\"" + TASK + "\"}").failed(), retired.printed());
        // Waiting for the next invocation, as a warm environment is when Lambda retires it.
        assertTrue(retired.awaitIdle(Duration.ofSeconds(10)), retired.printed());

        assertTrue(retired.terminate(SHUTDOWN_LIMIT), "still running " + SHUTDOWN_LIMIT.toSeconds() + " s after SIGTERM"
                + retired.printed());
        assertCleanLog(retired);
    }

    /** Starts a function of this artifact with these settings; it is stopped after the class. */
    PackagedFunction start(Map<String, String> settings) throws Exception {
        Path output = Files.createTempFile("veo-status-function", ".log");
        PackagedFunction started = launcher().start(new HashMap<>(settings), output);
        ownFunctions.add(started);
        return started;
    }

    /**
     * An error answer as a caller may rely on it (docs/api.md, "Errors"): a JSON object whose
     * {@code errorType} is the outcome's class name and whose {@code errorMessage} is one sentence; the only
     * other field either runtime may add is a {@code stackTrace}, and it is empty.
     *
     * @return the message
     */
    private String assertError(RuntimeApiServer.Answer answer, String errorType) throws IOException {
        assertTrue(answer.failed(), "an error was expected: " + answer.body() + function.printed());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals(errorType, error.path("errorType").asText(), answer.body());
        String message = error.path("errorMessage").asText();
        assertFalse(message.isBlank() || message.contains("\n"), "one sentence: " + answer.body());
        Set<String> fields = new TreeSet<>();
        error.fieldNames().forEachRemaining(fields::add);
        fields.removeAll(Set.of("errorType", "errorMessage"));
        if (fields.equals(Set.of("stackTrace"))) {
            assertEquals(0, error.get("stackTrace").size(), "a stack trace in " + answer.body());
        } else {
            assertEquals(Set.of(), fields, "fields beyond errorType and errorMessage in " + answer.body());
        }
        return message;
    }

    /**
     * No key, no ERROR line and no stack trace in what the function printed: expected outcomes are not faults.
     * AWS's Java runtime client (the JVM package only) writes a line of its own for each error it returns to
     * Lambda, at ERROR; it is the runtime's, not the function's, and docs/operations.md says so.
     */
    private static void assertCleanLog(PackagedFunction function) throws IOException {
        String printed = function.output();
        assertFalse(printed.contains(KEY), "the function's output holds the key");
        for (String line : function.outputLines()) {
            if (LogAndMetricsCases.isRuntimeClientLine(line)) {
                continue;
            }
            assertFalse(line.contains("ERROR"), "an ERROR line: " + line + function.printed());
            assertFalse(line.matches("\\s+at .*") || line.contains("\\tat "), "a stack trace: " + line + function.printed());
        }
    }

    private static WireMockServer httpsVeoApi(TestCertificate certificate) {
        WireMockServer httpsApi = new WireMockServer(options().dynamicPort().dynamicHttpsPort()
                .keystorePath(certificate.keyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(certificate.password()).keyManagerPassword(certificate.password()));
        httpsApi.start();
        return httpsApi;
    }

    private static String httpApiEvent(String path) throws IOException {
        try (InputStream in = PackagedFunctionCases.class.getClassLoader()
                .getResourceAsStream("events/go-apigw-v2-request-no-authorizer.json")) {
            ObjectNode sample = (ObjectNode) JSON.readTree(in);
            sample.put("rawPath", path);
            sample.put("rawQueryString", "");
            sample.remove("queryStringParameters");
            ((ObjectNode) sample.get("requestContext").get("http")).put("path", path).put("method", "GET");
            return sample.toString();
        }
    }

    private static void answer(WireMockServer api, String example) throws IOException {
        try (InputStream in = PackagedFunctionCases.class.getClassLoader().getResourceAsStream("upstream/examples/" + example)) {
            api.stubFor(get(urlPathEqualTo(RECORD_INFO)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }

    private static String example(String file) throws IOException {
        try (InputStream in = PackagedFunctionCases.class.getClassLoader().getResourceAsStream("upstream/examples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
