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
 * What the packaged function wrote to standard output and error, line by line: log lines (JSON objects
 * with a level) and metric lines (JSON objects with {@code _aws}), as CloudWatch would receive them.
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

    /** The log lines of one invocation: those whose context names its request id. */
    List<JsonNode> logLines(String requestId) {
        return objects().stream().filter(line -> !line.has("_aws"))
                .filter(line -> requestId.equals(line.path("mdc").path("requestId").asText(null))).toList();
    }

    /** The metric documents of one invocation. */
    List<JsonNode> metrics(String requestId) {
        return objects().stream().filter(line -> line.has("_aws"))
                .filter(line -> requestId.equals(line.path("requestId").asText(null))).toList();
    }

    /** Waits until the invocation's metric line, its last, has been written (output is not flushed in step). */
    JsonNode awaitMetrics(String requestId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<JsonNode> documents = metrics(requestId);
            if (!documents.isEmpty()) {
                return documents.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no metrics line for request " + requestId + " in:\n" + String.join("\n", lines()));
    }
}
