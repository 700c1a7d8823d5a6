package io.veostatus.veoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.error.TaskNotFoundException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamThrottledException;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.PlausibleTime;
import io.veostatus.kernel.TaskId;
import io.veostatus.taskstatus.TaskState;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.taskstatus.TaskStatusNormalizer;
import io.veostatus.testing.ForAll;

/**
 * The classifier and the normalizer over generated record-info replies: well-formed and broken envelopes,
 * every code the vendor documents and others, records with each flag and flags that do not exist, URL lists
 * with usable and unusable items of every JSON type, times of every shape and range, and the API key echoed
 * wherever a string can be. Whatever the reply, the invariants of docs/api.md's "Output" and "Errors" hold.
 */
class RecordInfoPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String KEY = "sk-prop-4f1c9e2a77d0-DO-NOT-LEAK";
    private static final TaskId TASK = new TaskId("3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7");
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Set<Class<? extends VeoStatusException>> DOCUMENTED = Set.of(TaskNotFoundException.class,
            UpstreamAuthException.class, UpstreamThrottledException.class, UpstreamUnavailableException.class);

    private final RecordInfoClassifier classifier = new RecordInfoClassifier(ZoneId.of("UTC"), JSON, 64 * 1024);

    /** A generated reply: its body, and its envelope as a tree when the body is JSON at all. */
    record Reply(String body, JsonNode tree) {
        @Override
        public String toString() {
            return body;
        }
    }

    /** Either the status the function would give, or the outcome it would throw. */
    record Outcome(TaskStatus status, VeoStatusException thrown) {
    }

    @Test
    void everyReplyEndsInAStatusOrADocumentedOutcome() {
        ForAll.check("outcome is a TaskStatus or a documented exception", 20261129L, 3000, RecordInfoPropertiesTest::reply,
                reply -> {
                    Outcome outcome = classify(reply);
                    if (outcome.thrown() != null) {
                        assertTrue(DOCUMENTED.contains(outcome.thrown().getClass()), outcome.thrown().getClass().getName());
                        assertTrue(outcome.thrown().getMessage().endsWith("."), "one sentence: " + outcome.thrown().getMessage());
                        return outcome.thrown().getClass().getSimpleName();
                    }
                    return outcome.status().status().name();
                });
    }

    @Test
    void succeededOnlyWithACode200RecordOfFlag1AndAnHttpVideo() {
        ForAll.check("SUCCEEDED only for code 200, successFlag 1 and an http(s) video URL", 1129L, 3000,
                RecordInfoPropertiesTest::reply, reply -> {
                    Outcome outcome = classify(reply);
                    if (outcome.status() == null || outcome.status().status() != TaskState.SUCCEEDED) {
                        return "not SUCCEEDED";
                    }
                    assertEquals(200, code(reply.tree()), "code");
                    assertEquals(1, wholeNumber(reply.tree().path("data").get("successFlag")), "successFlag");
                    List<String> videos = outcome.status().videoUrls();
                    assertFalse(videos.isEmpty(), "a success without a video");
                    List<String> sent = new ArrayList<>();
                    reply.tree().path("data").path("response").path("resultUrls").forEach(url -> sent.add(url.asText().strip()));
                    for (String video : videos) {
                        assertTrue(httpUrl(video), video);
                        assertTrue(sent.contains(video), video + " was not among the reply's resultUrls");
                    }
                    return "SUCCEEDED";
                });
    }

    @Test
    void failedOnlyForTheDocumentedFlagsAndCodes() {
        ForAll.check("FAILED only for successFlag 2 or 3, or code 400, 451 or 422 with a message", 20251129L, 3000,
                RecordInfoPropertiesTest::reply, reply -> {
                    Outcome outcome = classify(reply);
                    if (outcome.status() == null || outcome.status().status() != TaskState.FAILED) {
                        return "not FAILED";
                    }
                    int code = code(reply.tree());
                    if (code == 200) {
                        int flag = wholeNumber(reply.tree().path("data").get("successFlag"));
                        assertTrue(flag == 2 || flag == 3, "FAILED from successFlag " + flag);
                        return "FAILED (flag " + flag + ")";
                    }
                    assertTrue(code == 400 || code == 451 || code == 422, "FAILED from code " + code);
                    String msg = reply.tree().path("msg").asText();
                    assertFalse(code == 422 && missingRecordWordings().anyMatch(msg::equals), "FAILED from a missing record: " + msg);
                    assertEquals(String.valueOf(code), outcome.status().error().code());
                    return "FAILED (code " + code + ")";
                });
    }

    @Test
    void everyStatusKeepsTheOutputInvariants() {
        ForAll.check("done exactly when not GENERATING; error exactly when FAILED; only http(s) URLs; plausible times",
                42L, 3000, RecordInfoPropertiesTest::reply, reply -> {
                    TaskStatus status = classify(reply).status();
                    if (status == null) {
                        return "no status";
                    }
                    assertEquals(status.status() != TaskState.GENERATING, status.done());
                    assertEquals(status.status() == TaskState.FAILED, status.error() != null);
                    if (status.error() != null) {
                        assertFalse("null".equalsIgnoreCase(status.error().code()));
                        assertFalse("null".equalsIgnoreCase(status.error().message()));
                    }
                    Stream.of(status.videoUrls(), status.fullVideoUrls(), status.originUrls()).flatMap(List::stream)
                            .forEach(url -> assertTrue(httpUrl(url), url));
                    Stream.of(status.createdAt(), status.completedAt()).filter(time -> time != null)
                            .forEach(time -> assertTrue(PlausibleTime.plausible(time, NOW), time.toString()));
                    return status.status().name();
                });
    }

    @Test
    void theKeyIsInNoStatusAndNoMessage() {
        ForAll.check("the API key appears in no status and no message", 7L, 3000, RecordInfoPropertiesTest::reply, reply -> {
            Outcome outcome = classify(reply);
            String written = outcome.status() != null ? write(outcome.status()) : outcome.thrown().getMessage();
            assertFalse(written.contains(KEY), written);
            return reply.body().contains(KEY) ? "key echoed" : "key not echoed";
        });
    }

    /** Every way the vendor's endpoints say that a record or task is missing, as code 422's message. */
    static Stream<String> missingRecordWordings() {
        return Stream.of("record is null", "recordInfo is null", "record result data is blank.", "record result data is empty.",
                "record result data not exist.", "record not found", "Record missing", "not found", "Not Found.", "404 Not Found",
                "task not found", "Task not found.", "taskId not found", "Task does not exist", "does not exist",
                "The task does not exist or has expired", "record does not exist", "doesn't exist", "Record doesn\u2019t exist",
                "The record doesn't exist", "no such task", "No such record", "No record found", "no records found",
                "Temporarily supports records within 14 days.", "data is null", "Data is empty", "task data is null",
                "record cannot be found", "Task with this id could not be found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingRecordWordings")
    void a422SayingTheRecordIsMissingIsNotFoundNeverFailed(String msg) {
        Outcome outcome = classify(new Reply(NODES.objectNode().put("code", 422).put("msg", msg).putNull("data").toString(), null));
        assertNotNull(outcome.thrown(), msg + " was read as " + outcome.status());
        assertEquals(TaskNotFoundException.class, outcome.thrown().getClass(), outcome.thrown().getMessage());
        assertTrue(outcome.thrown().getMessage().contains(msg), outcome.thrown().getMessage());
    }

    /** 422s about the request's inputs: the task was rejected (FAILED), whatever missing thing they mention. */
    static Stream<String> rejectionWordings() {
        return Stream.of("Your request was rejected by Flow(Your request was rejected by Flow.). You may consider using our "
                + "other fallback channels, which are likely to succeed.",
                "Failed to fetch the image. Kindly verify any access limits set by you or your service provider.",
                "Your prompt was flagged by Website as violating content policies.", "Image url is null",
                "imageUrls must not be empty", "prompt is blank", "Your request was rejected by Flow (reason: null)",
                "The image could not be found", "image not found", "Image data is empty",
                "Public error: prompt blocked by safety filters", "Your prompt contains sensitive words");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectionWordings")
    void a422AboutTheRequestsInputsIsAFailedTask(String msg) {
        Outcome outcome = classify(new Reply(NODES.objectNode().put("code", 422).put("msg", msg).putNull("data").toString(), null));
        assertNotNull(outcome.status(), msg + " was not a status: " + outcome.thrown());
        assertEquals(TaskState.FAILED, outcome.status().status(), msg);
        assertEquals("422", outcome.status().error().code());
    }

    @Test
    void a422SayingTheRecordIsNotFinishedSaysNeitherGeneratingNorFailed() {
        Outcome outcome = classify(new Reply("{\"code\":422,\"msg\":\"record status is not success.\",\"data\":null}", null));
        assertNotNull(outcome.thrown(), "read as " + outcome.status());
        assertEquals(UpstreamUnavailableException.class, outcome.thrown().getClass());
    }

    private Outcome classify(Reply reply) {
        try {
            TaskReport report = classifier.reply(TASK,
                    new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)), KeyRedactor.of(KEY), NOW);
            TaskStatus status = TaskStatusNormalizer.normalize(report);
            assertNotNull(status);
            return new Outcome(status, null);
        } catch (VeoStatusException outcome) {
            return new Outcome(null, outcome);
        } catch (RuntimeException bug) {
            return fail("not a documented outcome: " + bug, bug);
        }
    }

    private static int code(JsonNode tree) {
        return wholeNumber(tree == null ? null : tree.get("code"));
    }

    /** A whole number as the reply gives it, digits in text included; -1 for anything else. */
    private static int wholeNumber(JsonNode node) {
        if (node != null && node.isIntegralNumber()) {
            return node.asInt();
        }
        return node != null && node.isTextual() && node.asText().matches("\\d{1,9}") ? Integer.parseInt(node.asText()) : -1;
    }

    private static boolean httpUrl(String url) {
        URI uri = URI.create(url);
        return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- generators ----

    /**
     * A reply close to a real one (each flag, each documented code, usable URLs and times) with, on
     * average, one or two of its parts replaced by something unusual: a code or flag that does not exist, an
     * item of the wrong type, an implausible time, the key echoed, or a body that is no envelope at all.
     */
    static Reply reply(SplittableRandom random) {
        if (random.nextInt(25) == 0) {
            String junk = pick(random, "", "   ", "<html><body>502 Bad Gateway</body></html>", "{\"code\":200,", "[1,2]",
                    "42", "null", "{\"code\":200}{\"code\":200}", "\u0000\u0001", "{\"msg\":\"" + KEY + "\"}");
            return new Reply(junk, null);
        }
        ObjectNode envelope = NODES.objectNode();
        int code = random.nextInt(10) < 7 ? 200
                : pickInt(random, 400, 401, 404, 422, 422, 429, 451, 455, 500, 503, 0, 201, random.nextInt(1000));
        envelope.put("code", code);
        envelope.put("msg", code == 200 ? "success" : pick(random, "record is null", "recordInfo is null",
                "record status is not success", "Your prompt was flagged as violating content policies.",
                "Image fetch failed", "Service Unavailable", "Task does not exist", "not found", "no such task", "data is null",
                "Temporarily supports records within 14 days", "Image url is null"));
        envelope.set("data", code == 200 || random.nextInt(3) == 0 ? record(random) : NODES.nullNode());
        if (chance(random, 6)) {
            switch (random.nextInt(3)) {
                case 0 -> envelope.put("code", String.valueOf(code));
                case 1 -> envelope.put("code", code + 0.5);
                default -> envelope.putNull("code");
            }
        }
        if (chance(random, 6)) {
            envelope.set("msg", pickNode(random, NODES.nullNode(), text("null"), text("invalid key " + KEY),
                    NODES.numberNode(42), text("")));
        }
        if (chance(random, 15)) {
            envelope.set("data", pickNode(random, NODES.nullNode(), text("x"), NODES.arrayNode()));
        }
        if (chance(random, 4) && envelope.path("data").isObject()) {
            // The key echoed where a status carries upstream text: the message, the prompt, a video URL.
            ObjectNode data = (ObjectNode) envelope.get("data");
            switch (random.nextInt(3)) {
                case 0 -> data.put("errorMessage", "the key " + KEY + " was used");
                case 1 -> data.put("paramJson", "{\"prompt\":\"a film about " + KEY + "\"}");
                default -> data.putObject("response").putArray("resultUrls").add("https://cdn.example.org/" + KEY + ".mp4");
            }
        }
        return new Reply(envelope.toString(), envelope);
    }

    private static JsonNode record(SplittableRandom random) {
        ObjectNode data = NODES.objectNode();
        int flag = random.nextInt(4);
        data.put("taskId", TASK.value());
        data.put("paramJson", "{\"prompt\":\"A red kite\"}");
        data.put("successFlag", flag);
        long created = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli() + (long) (random.nextDouble() * 6.9e10);
        data.put("createTime", created);
        data.put("completeTime", flag == 0 ? null : "2025-06-06 10:30:00");
        data.put("fallbackFlag", random.nextBoolean());
        if (flag == 1) {
            ObjectNode response = data.putObject("response");
            ArrayNode videos = response.putArray("resultUrls");
            for (int i = 0; i <= random.nextInt(2); i++) {
                videos.add("https://cdn.example.org/" + TASK.value() + "-" + i + ".mp4");
            }
            response.putArray("originUrls");
            response.put("resolution", "1080p");
        } else {
            data.putNull("response");
        }
        if (flag >= 2) {
            data.put("errorCode", 500);
            data.put("errorMessage", "Video generation failed");
        }
        if (chance(random, 5)) {
            data.set("successFlag", pickNode(random, NODES.nullNode(), NODES.numberNode(9), NODES.numberNode(-1),
                    text(String.valueOf(flag)), NODES.numberNode(flag + 0.7), NODES.booleanNode(true)));
        }
        if (chance(random, 4)) {
            ObjectNode response = data.path("response").isObject() ? (ObjectNode) data.get("response") : data.putObject("response");
            response.set(pick(random, "resultUrls", "resultUrls", "fullResultUrls", "originUrls"), urls(random));
        }
        if (chance(random, 6)) {
            data.set("response", pickNode(random, NODES.nullNode(), text("x"),
                    NODES.objectNode().put("resolution", 1080)));
        }
        if (chance(random, 5)) {
            data.set(pick(random, "createTime", "completeTime"), time(random));
        }
        if (chance(random, 6)) {
            data.set("errorCode", pickNode(random, NODES.nullNode(), text("E_FAILED"), text("null"), text(KEY),
                    NODES.objectNode().put("x", 1), NODES.booleanNode(false)));
        }
        if (chance(random, 4)) {
            data.set(pick(random, "errorMessage", "paramJson", "taskId"), pickNode(random, text("failed for key " + KEY),
                    text("{\"prompt\":\"" + KEY + "\"}"), text("{not json"), text("null"), NODES.nullNode(),
                    text("other_task_1"), NODES.objectNode().put("prompt", "boats")));
        }
        if (chance(random, 10)) {
            data.remove(pick(random, "taskId", "successFlag", "createTime", "paramJson", "fallbackFlag"));
        }
        return data;
    }

    private static boolean chance(SplittableRandom random, int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    private static JsonNode urls(SplittableRandom random) {
        if (random.nextInt(8) == 0) {
            return pickNode(random, NODES.nullNode(), text("https://cdn.example.org/one.mp4"));
        }
        ArrayNode urls = NODES.arrayNode();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            urls.add(pickNode(random, text("https://cdn.example.org/" + random.nextInt(1000) + ".mp4"),
                    text("http://tempfile.example.com/v" + random.nextInt(100) + ".mp4"),
                    text("ftp://cdn.example.org/v.mp4"), text("video ready"), text("https://cdn.example.org/my video.mp4"),
                    text("/relative/v.mp4"), text("null"), text(""), NODES.nullNode(), NODES.numberNode(42),
                    NODES.booleanNode(true), NODES.objectNode().put("url", "https://x.example/v.mp4"),
                    text("https://cdn.example.org/" + KEY + ".mp4"), text("javascript:alert(1)")));
        }
        return urls;
    }

    private static JsonNode time(SplittableRandom random) {
        long plausibleMillis = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli()
                + (long) (random.nextDouble() * 90L * 24 * 3600 * 1000 * 10);
        return pickNode(random, NODES.numberNode(plausibleMillis), NODES.numberNode(plausibleMillis / 1000),
                text(String.valueOf(plausibleMillis)), text("2025-06-06 10:30:00"), text("2025-06-06T10:30:00+08:00"),
                NODES.numberNode(1), NODES.numberNode(-5), NODES.numberNode(9_999_999_999L), text("99999999999999999"),
                text("2019-12-31 23:59:59"), text("2031-01-01 00:00:00"), text("2025-02-30 10:00:00"), text("yesterday"),
                text("null"), NODES.nullNode(), NODES.numberNode(1.5), NODES.booleanNode(false), NODES.objectNode());
    }

    private static JsonNode text(String value) {
        return NODES.textNode(value);
    }

    private static JsonNode pickNode(SplittableRandom random, JsonNode... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static String pick(SplittableRandom random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static int pickInt(SplittableRandom random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
