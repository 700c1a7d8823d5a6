package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.status.KeyFromSecretProfile;

/**
 * The key's source failing for now, as both state machines see it: the secrets extension (WireMock) answering HTTP 503
 * makes every poll end in ApiKeyUnavailableException, which the loop retries like an unavailable Veo API and, when it
 * lasts through every retry, ends in its own Fail state, VeoStatus.ApiKeyUnavailable (a batch: an ERROR result).
 */
@QuarkusTest
@TestProfile(KeyFromSecretProfile.class)
class KeySourceStateMachineTest extends StateMachineRunTest {

    private static final String TASK = "5e1d7c3b9a8f4e2d6c0b1a3f5e7d9c2b";
    private static final String UNAVAILABLE = "io.veostatus.error.ApiKeyUnavailableException";
    /** The first poll and the Retry entry's four attempts. */
    private static final int POLLS_THROUGH_EVERY_RETRY = 5;

    @Inject
    ApiKeyProvider keys;

    @BeforeEach
    void forgetTheCachedKey() {
        keys.forgetSecret();
    }

    @Test
    void aSecretsExtensionFailingForNowIsRetriedByTheStateMachine() {
        wiremock.register(get(urlPathEqualTo(KeyFromSecretProfile.SECRETS)).inScenario("extension")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("still failing"));
        wiremock.register(get(urlPathEqualTo(KeyFromSecretProfile.SECRETS)).inScenario("extension")
                .whenScenarioStateIs("still failing").willReturn(aResponse().withStatus(503)).willSetStateTo("healthy"));
        wiremock.register(get(urlPathEqualTo(KeyFromSecretProfile.SECRETS)).inScenario("extension")
                .whenScenarioStateIs("healthy").willReturn(okJson("{\"SecretString\":\"secret-key-1\"}")));
        answersInTurn(TASK, succeeded(TASK));
        JsonNode run = execute(BatchItemProcessor.SINGLE_LOOP, "{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of(UNAVAILABLE, UNAVAILABLE, "SUCCEEDED"), invocations(run));
        assertEquals(1, callsFor(TASK), "record-info is asked once the key could be read");
    }

    @Test
    void aSecretsExtensionFailingThroughEveryRetryEndsInItsFailState() {
        extensionFails();
        JsonNode run = execute(BatchItemProcessor.SINGLE_LOOP, "{\"taskId\":\"" + TASK + "\"}", 0);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.ApiKeyUnavailable", run.get("error").asText());
        assertTrue(run.get("cause").asText().contains(UNAVAILABLE), run.get("cause").asText());
        assertEquals(Collections.nCopies(POLLS_THROUGH_EVERY_RETRY, UNAVAILABLE), invocations(run));
        assertEquals(0, callsFor(TASK));
    }

    @Test
    void inABatchItIsTheTasksErrorResult() throws Exception {
        extensionFails();
        JsonNode run = execute(BatchItemProcessor.BATCH, "{\"taskIds\":[\"" + TASK + "\"]}", 0);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        JsonNode result = run.at("/output/results/0");
        assertEquals("ERROR", result.get("status").asText(), result.toString());
        assertEquals("VeoStatus.ApiKeyUnavailable", result.at("/error/name").asText());
        JsonNode cause = new ObjectMapper().readTree(result.at("/error/message").asText());
        assertEquals(UNAVAILABLE, cause.get("errorType").asText());
        assertEquals(Collections.nCopies(POLLS_THROUGH_EVERY_RETRY, UNAVAILABLE), invocations(run, TASK));
    }

    private void extensionFails() {
        wiremock.register(get(urlPathEqualTo(KeyFromSecretProfile.SECRETS)).willReturn(aResponse().withStatus(503)));
    }
}
