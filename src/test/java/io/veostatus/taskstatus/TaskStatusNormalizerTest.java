package io.veostatus.taskstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.TaskId;
import io.veostatus.veoapi.RecordInfoClassifier;
import io.veostatus.veoapi.RecordInfoEnvelope;
import io.veostatus.veoapi.RecordInfoReader;

/**
 * The normalizer over a table of upstream replies (src/test/resources/upstream/normalizer-cases.json):
 * every shared example file plus the shapes they do not show. Plain JUnit, no Quarkus: the answer is
 * classified the way the function classifies them (RecordInfoClassifier, at a fixed "now") and mapped by
 * the pure normalizer. Plain JUnit, no Quarkus.
 */
class TaskStatusNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Path UPSTREAM = resource("upstream");
    /** The table's times are judged plausible or not against this moment. */
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    static Stream<Arguments> cases() throws IOException {
        JsonNode table = JSON.readTree(UPSTREAM.resolve("normalizer-cases.json").toFile());
        return StreamSupport.stream(table.spliterator(), false)
                .map(row -> Arguments.of(row.get("name").asText(), row));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizes(String name, JsonNode row) throws IOException {
        TaskId taskId = new TaskId(row.get("taskId").asText());
        ZoneId zone = ZoneId.of(row.path("zone").asText("UTC"));
        RecordInfoClassifier classifier = new RecordInfoClassifier(zone, JSON, 64 * 1024);

        if (row.has("error")) {
            try {
                TaskStatus unexpected = TaskStatusNormalizer.normalize(
                        classifier.reply(taskId, body(row), KeyRedactor.of("unused-key"), NOW));
                fail(name + ": expected " + row.get("error").asText() + " but got " + JSON.writeValueAsString(unexpected));
            } catch (VeoStatusException outcome) {
                assertEquals(row.get("error").asText(), outcome.getClass().getSimpleName(), name);
                assertNotNull(outcome.getMessage());
                // "null" may appear only where the upstream's own words or a JSON null are quoted.
                String ownWords = outcome.getMessage().replaceAll("\\((record|recordInfo) is null\\)|JSON null", "");
                assertFalse(ownWords.contains("null"), "message says null: " + outcome.getMessage());
                assertTrue(outcome.getMessage().endsWith("."), "one sentence: " + outcome.getMessage());
                if (row.has("messageContains")) {
                    assertTrue(outcome.getMessage().contains(row.get("messageContains").asText()), outcome.getMessage());
                }
            }
            return;
        }
        TaskStatus status = TaskStatusNormalizer.normalize(classifier.reply(taskId, body(row), KeyRedactor.of("unused-key"), NOW));
        JsonNode actual = JSON.valueToTree(status);
        row.get("expect").properties().forEach(field -> assertSubset(name, field.getKey(), field.getValue(),
                actual.get(field.getKey())));
        // Invariants every TaskStatus keeps, whatever the answer.
        assertEquals(status.status() != TaskState.GENERATING, actual.get("done").asBoolean(), name);
        for (String list : new String[] { "videoUrls", "fullVideoUrls", "originUrls" }) {
            assertTrue(actual.get(list).isArray(), name + ": " + list + " is a list");
        }
        assertEquals(status.status() == TaskState.FAILED, status.error() != null, name + ": error exactly when FAILED");
        if (status.error() != null) {
            assertFalse(status.error().code().equalsIgnoreCase("null") || status.error().message().equalsIgnoreCase("null"),
                    name);
        }
    }

    /** Every shared example has a row, so a new example file cannot go untested. */
    @Test
    void everySharedExampleIsInTheTable() throws IOException {
        Set<String> files;
        try (Stream<Path> listing = Files.list(UPSTREAM.resolve("examples"))) {
            files = listing.map(p -> "examples/" + p.getFileName()).filter(f -> f.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> covered = StreamSupport.stream(JSON.readTree(UPSTREAM.resolve("normalizer-cases.json").toFile())
                .spliterator(), false).filter(row -> row.has("file")).map(row -> row.get("file").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(9, files.size(), "the nine shared examples are copied: " + files);
        assertEquals(files, covered);
    }

    @Test
    void aBodyOverTheCapIsNotAnAnswer() {
        RecordInfoReader reader = new RecordInfoReader(JSON, 100);
        String padded = "{\"code\":200,\"msg\":\"" + "x".repeat(200) + "\",\"data\":null}";
        VeoStatusException outcome = expectOutcome(() -> reader.read(stream(padded), KeyRedactor.of("k")));
        assertEquals("UpstreamUnavailableException", outcome.getClass().getSimpleName());
        assertTrue(outcome.getMessage().contains("larger than 100 bytes"), outcome.getMessage());
    }

    @Test
    void theKeyIsRedactedBeforeAnythingReadsTheReply() {
        String key = "sk-live-0123456789abcdef";
        RecordInfoEnvelope refusal = new RecordInfoReader(JSON, 4096)
                .read(stream("{\"code\":401,\"msg\":\"key " + key + " is invalid\",\"data\":null}"), KeyRedactor.of(key));
        assertEquals("key [REDACTED] is invalid", refusal.msg());

        // Echoed with JSON escapes, the key is only visible once the string is decoded.
        String escaped = "\\u0073k-live-0123456789abcdef";
        RecordInfoEnvelope escapedEcho = new RecordInfoReader(JSON, 4096)
                .read(stream("{\"code\":400,\"msg\":\"key " + escaped + " is invalid\",\"data\":null}"), KeyRedactor.of(key));
        assertEquals("key [REDACTED] is invalid", escapedEcho.msg());
        VeoStatusException outcome = expectOutcome(() -> new RecordInfoClassifier(ZoneId.of("UTC"), JSON, 4096)
                .classify(new TaskId("t1"), refusal, NOW));
        assertFalse(outcome.getMessage().contains(key));
    }

    private static VeoStatusException expectOutcome(Runnable action) {
        try {
            action.run();
        } catch (VeoStatusException outcome) {
            return outcome;
        }
        return fail("expected an outcome exception");
    }

    private static void assertSubset(String name, String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject() && actual != null && actual.isObject()) {
            expected.properties().forEach(f -> assertSubset(name, path + "." + f.getKey(), f.getValue(),
                    actual.get(f.getKey())));
            return;
        }
        assertEquals(expected, actual == null ? JSON.nullNode() : actual, name + ": " + path);
    }

    private static InputStream body(JsonNode row) throws IOException {
        if (row.has("file")) {
            return Files.newInputStream(UPSTREAM.resolve(row.get("file").asText()));
        }
        return stream(row.has("raw") ? row.get("raw").asText() : JSON.writeValueAsString(row.get("body")));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path resource(String name) {
        try {
            return Path.of(TaskStatusNormalizerTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

}
