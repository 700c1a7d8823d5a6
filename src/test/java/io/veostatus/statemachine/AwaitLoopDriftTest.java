package io.veostatus.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The await machine falls back to the polling loop: its states after the wait must be exactly those of
 * poll-video.asl.json, so that a change to the loop made in one file alone fails here.
 */
class AwaitLoopDriftTest {

    private static final Path AWAIT = Path.of("statemachine/await-video.asl.json");
    private static final List<String> OWN_STATES = List.of("PrepareAwait", "AwaitCallback", "NoteFallback", "BackToPolling");

    @Test
    void afterTheWaitTheAwaitMachineIsThePollingLoop() throws IOException {
        JsonNode loop = BatchItemProcessor.read(BatchItemProcessor.SINGLE_LOOP).get("States");
        JsonNode await = BatchItemProcessor.read(AWAIT).get("States");
        Set<String> differing = new TreeSet<>();
        loop.fieldNames().forEachRemaining(name -> {
            if (!loop.get(name).equals(await.path(name))) {
                differing.add(name);
            }
        });
        assertEquals(Set.of(), differing, "states of poll-video.asl.json that await-video.asl.json does not have as they are");
        List<String> extra = new ArrayList<>();
        await.fieldNames().forEachRemaining(name -> {
            if (!loop.has(name)) {
                extra.add(name);
            }
        });
        assertEquals(OWN_STATES, extra, "the await machine's own states, before the loop");
    }

    @Test
    void theWaitGoesToTheLoopsChoiceOrToItsFirstPoll() throws IOException {
        JsonNode await = BatchItemProcessor.read(AWAIT);
        assertEquals("PrepareAwait", await.get("StartAt").asText());
        assertEquals("IsDone", await.at("/States/AwaitCallback/Next").asText(), "a callback's TaskStatus is judged as a poll's");
        assertEquals("NoteFallback", await.at("/States/AwaitCallback/Catch/0/Next").asText());
        assertEquals("States.ALL", await.at("/States/AwaitCallback/Catch/0/ErrorEquals/0").asText(),
                "a timeout and a failed registration alike go to the loop");
        assertEquals("BackToPolling", await.at("/States/NoteFallback/Next").asText());
        assertEquals("BackToPolling", await.at("/States/NoteFallback/Catch/0/Next").asText(), "the note never stops the fallback");
        assertEquals("$.request", await.at("/States/BackToPolling/InputPath").asText(), "the loop starts from the execution's input");
        assertEquals("CheckStatus", await.at("/States/BackToPolling/Next").asText());
        assertEquals("$.awaitSeconds", await.at("/States/AwaitCallback/TimeoutSecondsPath").asText());
    }
}
