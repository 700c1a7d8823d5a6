package io.veostatus.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.restassured.http.ContentType;
import io.restassured.parsing.Parser;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Invokes the function as Lambda does, through the Lambda mock event server (POST an event, get the
 * handler's answer, or HTTP 500 with errorType and errorMessage), with WireMock as the Veo API.
 * Each test starts from the shipped demo stubs, no recorded requests and a closed circuit breaker.
 *
 * <p>The WireMock client is made here from the dev service's port rather than by quarkus-wiremock's
 * {@code @ConnectWireMock}: that is a test resource restricted to the class it annotates, and Quarkus starts the
 * application anew for every class with such a resource. Without it, the classes of one test profile share one
 * start.
 */
public abstract class LambdaInvocationTest {

    protected static final String RECORD_INFO = "/api/v1/veo/record-info";
    protected static final String API_KEY = "test-key-7f3a9c1e-DO-NOT-LEAK";
    /** The task the warm-up asks about: no stub knows it (the API says not found), and no test counts its calls. */
    private static final String WARM_UP_TASK = "veo-status-warm-up";

    protected final WireMock wiremock = new WireMock(
            ConfigProvider.getConfig().getValue("quarkus.wiremock.devservices.port", Integer.class));

    @Inject
    protected SuiteRecorder recorder;

    /**
     * Whether this start of the application has made its first call. That call loads the REST client's
     * classes and opens its first connection, which on a busy machine can take longer than the tests' 1 s
     * attempt timeout and so be retried; it is made once per start (Quarkus reloads this class with each
     * start), before the first test. On a machine busy enough an attempt cut short reaches WireMock seconds
     * later: the warm-up asks about a task of its own, which no count includes, and is made again (up to three
     * times in all) while every attempt was cut short, so that those arrive before the reset below (during it
     * WireMock, without stubs for a moment, would log each as an ERROR).
     */
    private static boolean warmedUp;

    @BeforeEach
    void startClean() {
        if (!warmedUp) {
            warmedUp = true;
            // Where the key comes from a secret (SecretsExtensionKeyTest), the warm-up reads one too.
            wiremock.register(get(urlPathEqualTo("/secretsmanager/get"))
                    .willReturn(okJson("{\"SecretString\":\"warm-up-key\"}")));
            boolean cutShort = warmUpCutShort();
            for (int again = 1; cutShort && again < 3; again++) {
                cutShort = warmUpCutShort();
            }
        }
        wiremock.resetToDefaultMappings();
        wiremock.resetRequests();
        wiremock.resetScenarios();
        CircuitBreakerMaintenance.get().resetAll();
    }

    /** One warm-up invocation; whether the function gave up on every attempt of it as unanswered in time. */
    private static boolean warmUpCutShort() {
        return given().contentType(ContentType.JSON).body("{\"taskId\":\"" + WARM_UP_TASK + "\"}").when().post("/_lambda_")
                .asString().contains("UpstreamUnavailableException");
    }

    /** Posts one event (any JSON text) to the function and returns the raw answer. */
    protected ValidatableResponse invoke(String event) {
        var response = given().contentType(ContentType.JSON).body(event).when().post("/_lambda_");
        recorder.answer(response.asString());
        // Lambda gives the answer as bytes; the mock server sends no JSON content type with it.
        return response.then().defaultParser(Parser.JSON);
    }

    /**
     * Calls the handler itself, as Lambda would, with a context of the test's own (a deadline Lambda would give), and
     * records the answer or the outcome thrown as the suite's other answers are.
     */
    protected void invokeDirectly(VeoStatusHandler handler, String taskId, FixedDeadlineContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(("\"" + taskId + "\"").getBytes(StandardCharsets.UTF_8)),
                    output, context);
        } catch (RuntimeException outcome) {
            recorder.answer(outcome.getClass().getName() + ": " + outcome.getMessage());
            throw outcome;
        } finally {
            recorder.answer(output.toString(StandardCharsets.UTF_8));
        }
    }

    protected ValidatableResponse poll(String taskId) {
        return invoke("{\"taskId\":\"" + taskId + "\"}");
    }

    /** The function's answer when the handler threw: Lambda's error document. */
    protected ValidatableResponse pollExpectingError(String taskId, String errorClass) {
        return poll(taskId).statusCode(500)
                .body("errorType", org.hamcrest.Matchers.equalTo("io.veostatus.error." + errorClass));
    }

    protected MappingBuilder recordInfo(String taskId) {
        return get(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId));
    }

    protected void answer(String taskId, ResponseDefinitionBuilder response) {
        wiremock.register(recordInfo(taskId).willReturn(response));
    }

    protected void answerJson(String taskId, String body) {
        answer(taskId, aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body));
    }

    protected void answerExample(String taskId, String exampleFile) {
        answerJson(taskId, example(exampleFile));
    }

    protected int callsFor(String taskId) {
        return wiremock.find(callsPattern(taskId)).size();
    }

    /**
     * The calls made for {@code taskId}, once there are {@code expected} of them or 5 s have passed: WireMock writes a
     * request into its journal after replying, so the last call of an invocation that has just ended may not be in it
     * yet on a busy machine.
     */
    protected int callsFor(String taskId, int expected) {
        long until = System.nanoTime() + 5_000_000_000L;
        int calls = callsFor(taskId);
        while (calls < expected && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            calls = callsFor(taskId);
        }
        return calls;
    }

    protected int allRecordInfoCalls() {
        return wiremock.find(getRequestedFor(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", notMatching(WARM_UP_TASK)))
                .size();
    }

    protected static RequestPatternBuilder callsPattern(String taskId) {
        return getRequestedFor(urlPathEqualTo(RECORD_INFO)).withQueryParam("taskId", equalTo(taskId));
    }

    protected static String example(String file) {
        try (var in = LambdaInvocationTest.class.getClassLoader().getResourceAsStream("upstream/examples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
