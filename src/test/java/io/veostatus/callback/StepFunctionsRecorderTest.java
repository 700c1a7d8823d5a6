package io.veostatus.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The Step Functions stand-in the callback tests use, held to what the AWS SDK's SfnClient sees of Step Functions:
 * a token completes once, and a second completion is TaskTimedOut, as Step Functions answers it.
 */
class StepFunctionsRecorderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** With the characters a token has that a URL query must escape. */
    private static final String TOKEN = "AQB8AAAAKgAAAAMAAAAAAAAAAa+b/c=" + "x".repeat(600) + "==";
    private static final String OUTPUT = "{\"taskId\":\"t1\",\"status\":\"SUCCEEDED\"}";

    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler errorLog = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private StepFunctionsRecorder states;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        Logger.getLogger("").addHandler(errorLog);
        states = StepFunctionsRecorder.start();
        sfn = states.client();
    }

    @AfterEach
    void stop() {
        states.close();
        Logger.getLogger("").removeHandler(errorLog);
        assertEquals(List.of(), errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList(),
                "nothing is logged at ERROR");
    }

    @Test
    void aTokenCompletesOnceAndASecondCompletionIsTaskTimedOut() {
        sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT));

        TaskTimedOutException again = assertThrows(TaskTimedOutException.class,
                () -> sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT)));
        assertEquals("TaskTimedOut", again.awsErrorDetails().errorCode());
        assertEquals(400, again.statusCode());
        assertThrows(TaskTimedOutException.class,
                () -> sfn.sendTaskFailure(send -> send.taskToken(TOKEN).error("VeoTaskFailed").cause("late")));

        StepFunctionsRecorder.Completion completion = states.completion(TOKEN).orElseThrow();
        assertTrue(completion.succeeded());
        assertEquals(OUTPUT, completion.output());
        assertEquals(List.of(200, 400, 400), states.calls().stream().map(StepFunctionsRecorder.Call::status).toList());
        assertEquals(List.of("SendTaskSuccess", "SendTaskSuccess", "SendTaskFailure"),
                states.calls().stream().map(StepFunctionsRecorder.Call::operation).toList());
        assertEquals(TOKEN, states.calls().get(0).token());
    }

    @Test
    void aFailureIsRecordedWithItsErrorAndCause() {
        sfn.sendTaskFailure(send -> send.taskToken(TOKEN).error("VeoTaskFailed").cause("the vendor said so"));

        StepFunctionsRecorder.Completion completion = states.completion(TOKEN).orElseThrow();
        assertFalse(completion.succeeded());
        assertEquals("VeoTaskFailed", completion.error());
        assertEquals("the vendor said so", completion.cause());
    }

    @Test
    void anExpiredTokenIsTaskTimedOut() {
        states.expire(TOKEN);

        assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT)));
        assertTrue(states.completion(TOKEN).isEmpty());
    }

    @Test
    void anOutputThatIsNotJsonIsRefused() {
        InvalidOutputException refused = assertThrows(InvalidOutputException.class,
                () -> sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output("{\"taskId\":")));
        assertEquals("InvalidOutput", refused.awsErrorDetails().errorCode());
        assertTrue(states.completion(TOKEN).isEmpty());
    }

    @Test
    void whileUnavailableEveryCallFailsAndNoneCompletes() {
        states.unavailable(StepFunctionsRecorder.Unavailable.THROTTLING);
        SfnException throttled = assertThrows(SfnException.class,
                () -> sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT)));
        assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
        assertTrue(states.calls().size() > 1, "the SDK retries throttling: " + states.calls());

        states.unavailable(StepFunctionsRecorder.Unavailable.INTERNAL_FAILURE);
        SfnException failed = assertThrows(SfnException.class,
                () -> sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT)));
        assertEquals("InternalFailure", failed.awsErrorDetails().errorCode());
        assertEquals(500, failed.statusCode());
        assertTrue(states.completion(TOKEN).isEmpty());

        states.available();
        sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT));
        assertTrue(states.completion(TOKEN).isPresent());
    }

    @Test
    void theRunnersPollGetsTheCompletionOrNothingAfterASecond() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest poll = HttpRequest.newBuilder(URI.create(states.endpoint() + "/completion?token="
                + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8))).build();

        long started = System.nanoTime();
        assertEquals(204, http.send(poll, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(System.nanoTime() - started >= 900_000_000L, "a long poll");

        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(poll, HttpResponse.BodyHandlers.ofString());
        sfn.sendTaskSuccess(send -> send.taskToken(TOKEN).output(OUTPUT));
        HttpResponse<String> completed = waiting.get();
        assertEquals(200, completed.statusCode());
        JsonNode answer = JSON.readTree(completed.body());
        assertEquals("success", answer.path("kind").asText());
        assertEquals(OUTPUT, answer.path("output").asText());
        assertEquals(2, states.completionPolls());
    }
}
