package io.veostatus.packaged;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the packaged function wrote to standard output and error, line by line, as CloudWatch would receive them:
 * log lines (JSON objects with a level), the summary line of each invocation among them with its metrics
 * ({@code _aws}).
 */
final class FunctionOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    FunctionOutput(Path file) {
        this.file = file;
    }

    List<String> lines() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line, parsed; a line that is not one JSON object fails the test that asks. */
    List<JsonNode> objects() {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : lines()) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException notJson) {
                throw new AssertionError("a line of the function's output is not JSON: " + line);
            }
            if (node == null || !node.isObject()) {
                throw new AssertionError("a line of the function's output is not a JSON object: " + line);
            }
            objects.add(node);
        }
        return objects;
    }

    /** The lines of one invocation: those whose context names its request id, its summary line among them. */
    List<JsonNode> logLines(String requestId) {
        return objects().stream().filter(line -> requestId.equals(line.path("mdc").path("requestId").asText(null))).toList();
    }

    /** The summary lines, with their metrics, of one invocation. */
    List<JsonNode> summaries(String requestId) {
        return logLines(requestId).stream().filter(line -> line.has("_aws")).toList();
    }

    /** Waits until the invocation's summary line, its last, has been written (output is not flushed in step). */
    JsonNode awaitSummary(String requestId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<JsonNode> summaries = summaries(requestId);
            if (!summaries.isEmpty()) {
                return summaries.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no summary line for request " + requestId + " in:\n" + String.join("\n", lines()));
    }
}
