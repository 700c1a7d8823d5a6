package io.veostatus.statemachine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The batch machine's item processor is the single loop of poll-video.asl.json with its end states turned
 * into results, so that there is one definition of the loop. The rule:
 * <ul>
 * <li>every state that is not a Succeed or Fail state is copied unchanged (the Task with its Retry and
 * Catch, the Choice, the Wait);</li>
 * <li>each Succeed or Fail state becomes a Pass state of the same name that ends the child execution with
 * {@code {taskId, status, videoUrls, error}}: a Succeed gives SUCCEEDED and the TaskStatus's videoUrls, and the
 * Succeed reached after keeping the video (VideoKept) also {@code kept} (where each file now lives, the keeping
 * function's {@code keep.files}) and {@code hd} (what became of the 1080p version, {@code keep.hd.status}); a Fail
 * gives its Error as {@code error.name} and its Cause (or CausePath) as {@code error.message}, with the status
 * FAILED for VeoStatus.GenerationFailed, TIMED_OUT for VeoStatus.TimedOut and ERROR for every other Fail.</li>
 * </ul>
 * A child therefore never fails, and a batch counts its tasks by status. BatchLoopDriftTest fails when the
 * file and this rule disagree. After changing poll-video.asl.json, write the batch file anew with:
 *
 * <pre>./mvnw -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.veostatus.statemachine.BatchItemProcessor</pre>
 */
public final class BatchItemProcessor {

    static final Path SINGLE_LOOP = Path.of("statemachine/poll-video.asl.json");
    static final Path BATCH = Path.of("statemachine/poll-videos.asl.json");
    static final String MAP_STATE = "PollEveryTask";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The Fail states whose task has an end the upstream reported; every other Fail is an ERROR. */
    private static final Map<String, String> STATUS_OF_FAILURE = Map.of(
            "VeoStatus.GenerationFailed", "FAILED",
            "VeoStatus.TimedOut", "TIMED_OUT");
    /** The Succeed state whose input carries the keeping function's answer in keep. */
    static final String KEPT = "VideoKept";

    private BatchItemProcessor() {
    }

    /** The item processor that the batch file must hold, derived from the single loop. */
    static ObjectNode derive(JsonNode singleLoop) {
        ObjectNode processor = JSON.createObjectNode();
        processor.putObject("ProcessorConfig").put("Mode", "DISTRIBUTED").put("ExecutionType", "STANDARD");
        processor.set("StartAt", singleLoop.get("StartAt"));
        ObjectNode states = processor.putObject("States");
        singleLoop.get("States").properties().forEach(state -> states.set(state.getKey(),
                switch (state.getValue().path("Type").asText()) {
                    case "Succeed" -> succeeded(state.getKey().equals(KEPT));
                    case "Fail" -> failed(state.getValue());
                    default -> state.getValue().deepCopy();
                }));
        return processor;
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static ObjectNode succeeded(boolean kept) {
        ObjectNode pass = result(kept ? "The single loop's Succeed after keeping: the video is ready and kept."
                : "The single loop's Succeed: the video is ready.");
        ObjectNode result = (ObjectNode) pass.get("Parameters");
        result.put("status", "SUCCEEDED");
        result.put("videoUrls.$", "$.videoUrls");
        result.putNull("error");
        if (kept) {
            result.put("kept.$", "$.keep.files");
            result.put("hd.$", "$.keep.hd.status");
        }
        return pass;
    }

    private static ObjectNode failed(JsonNode fail) {
        String error = fail.path("Error").asText();
        ObjectNode pass = result("The single loop's Fail " + error + ", as a result.");
        ObjectNode result = (ObjectNode) pass.get("Parameters");
        result.put("status", STATUS_OF_FAILURE.getOrDefault(error, "ERROR"));
        result.putArray("videoUrls");
        ObjectNode reported = result.putObject("error");
        copy(fail, "Error", reported, "name");
        copy(fail, "Cause", reported, "message");
        return pass;
    }

    private static ObjectNode result(String comment) {
        ObjectNode pass = JSON.createObjectNode();
        pass.put("Type", "Pass");
        pass.put("Comment", comment);
        pass.putObject("Parameters").put("taskId.$", "$.taskId");
        pass.put("End", true);
        return pass;
    }

    /** A Fail's Error / Cause, or its ErrorPath / CausePath as a path of the Pass state. */
    private static void copy(JsonNode fail, String field, ObjectNode into, String name) {
        if (fail.has(field + "Path")) {
            into.set(name + ".$", fail.get(field + "Path"));
        } else if (fail.has(field)) {
            into.set(name, fail.get(field));
        } else {
            into.putNull(name);
        }
    }

    /** Writes the batch file with its item processor derived anew; everything else in it is kept. */
    public static void main(String[] args) throws IOException {
        ObjectNode batch = (ObjectNode) read(BATCH);
        ((ObjectNode) batch.get("States").get(MAP_STATE)).set("ItemProcessor", derive(read(SINGLE_LOOP)));
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        String text = JSON.writer(printer).writeValueAsString(batch) + "\n";
        Files.writeString(BATCH, text, StandardCharsets.UTF_8);
        System.out.println("Wrote " + BATCH + " with the item processor derived from " + SINGLE_LOOP);
    }
}
