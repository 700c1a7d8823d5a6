package io.veostatus.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The batch machine polls each task with the single loop: its item processor must be exactly what
 * BatchItemProcessor derives from poll-video.asl.json, so a change to either file alone fails here.
 */
class BatchLoopDriftTest {

    private static final String REGENERATE = "poll-videos.asl.json's item processor is not the loop of poll-video.asl.json;"
            + " after changing the single loop, run ./mvnw -B test-compile exec:java -Dexec.classpathScope=test"
            + " -Dexec.mainClass=io.veostatus.statemachine.BatchItemProcessor";

    @Test
    void theBatchItemProcessorIsTheSingleLoop() throws IOException {
        JsonNode expected = BatchItemProcessor.derive(BatchItemProcessor.read(BatchItemProcessor.SINGLE_LOOP));
        JsonNode actual = BatchItemProcessor.read(BatchItemProcessor.BATCH)
                .at("/States/" + BatchItemProcessor.MAP_STATE + "/ItemProcessor");
        // State by state first, so that a failure names the states that differ.
        Set<String> differing = new TreeSet<>();
        expected.get("States").fieldNames().forEachRemaining(differing::add);
        actual.path("States").fieldNames().forEachRemaining(differing::add);
        differing.removeIf(name -> expected.get("States").path(name).equals(actual.path("States").path(name)));
        assertEquals(Set.of(), differing, "states that differ: " + REGENERATE);
        assertEquals(expected, actual, REGENERATE);
    }

    @Test
    void everyEndOfTheSingleLoopBecomesAResultWithItsStatus() throws IOException {
        JsonNode processor = BatchItemProcessor.derive(BatchItemProcessor.read(BatchItemProcessor.SINGLE_LOOP));
        Map<String, String> statusOfEnd = new TreeMap<>();
        processor.get("States").properties().forEach(state -> {
            if (state.getValue().path("End").asBoolean()) {
                statusOfEnd.put(state.getKey(), state.getValue().at("/Parameters/status").asText());
            }
        });
        assertEquals(Map.ofEntries(Map.entry("VideoReady", "SUCCEEDED"), Map.entry("VideoKept", "SUCCEEDED"),
                Map.entry("GenerationFailed", "FAILED"), Map.entry("TimedOut", "TIMED_OUT"),
                Map.entry("TaskNotFound", "ERROR"), Map.entry("UpstreamAuthFailed", "ERROR"), Map.entry("UpstreamUnavailable", "ERROR"),
                Map.entry("InvalidInput", "ERROR"), Map.entry("PollingFailed", "ERROR"), Map.entry("SourceGone", "ERROR"),
                Map.entry("SourceRefused", "ERROR"), Map.entry("ApiKeyUnavailable", "ERROR"),
                Map.entry("BucketRefused", "ERROR"), Map.entry("VideoTooLarge", "ERROR"), Map.entry("KeepUnavailable", "ERROR"),
                Map.entry("KeepingFailed", "ERROR")), statusOfEnd);
        assertEquals("$.keep.files", processor.at("/States/VideoKept/Parameters/kept.$").asText(), "a kept task says where");
        assertTrue(processor.at("/States/VideoReady/Parameters").has("videoUrls.$")
                && !processor.at("/States/VideoReady/Parameters").has("kept.$"), "with keeping off, a result is as before");
        assertEquals("DISTRIBUTED", processor.at("/ProcessorConfig/Mode").asText());
        assertEquals("STANDARD", processor.at("/ProcessorConfig/ExecutionType").asText());
    }

}
