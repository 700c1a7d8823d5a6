package io.veostatus.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.error.VeoStatusException;

/**
 * The state machines name the function's errors by their fully qualified class names: a rename on
 * either side would silently turn a handled error into the catch-all. This keeps the two in step (the
 * batch machine's loop is the single one, which BatchLoopDriftTest checks).
 */
class StateMachineErrorNamesTest {

    private static final String ERROR_PACKAGE = "io.veostatus.error";
    private static final Set<String> KEEPING_ONLY = Set.of(ERROR_PACKAGE + ".SourceGoneException",
            ERROR_PACKAGE + ".SourceRefusedException", ERROR_PACKAGE + ".BucketRefusedException", ERROR_PACKAGE + ".VideoTooLargeException",
            ERROR_PACKAGE + ".KeepUnavailableException");

    @ParameterizedTest
    @ValueSource(strings = { "statemachine/poll-video.asl.json", "statemachine/poll-videos.asl.json" })
    void everyErrorNameInTheStateMachineIsAnExceptionOfTheFunction(Path definition) throws IOException {
        Set<String> named = errorNames(new ObjectMapper().readTree(definition.toFile()));
        assertTrue(named.size() >= 6, "the state machine handles the function's errors: " + named);
        for (String name : named) {
            try {
                Class<?> type = Class.forName(name);
                assertTrue(VeoStatusException.class.isAssignableFrom(type), name + " is not a VeoStatusException");
            } catch (ClassNotFoundException e) {
                fail("the state machine names " + name + ", which is no exception class of the function");
            }
        }
    }

    /** Each Task state, with the exception classes its function throws (the keeping function also throws record-info's). */
    @ParameterizedTest
    @ValueSource(strings = { "CheckStatus", "KeepVideo" })
    void everyExceptionOfTheFunctionIsCaughtByName(String task) throws IOException, ClassNotFoundException {
        JsonNode definition = new ObjectMapper().readTree(BatchItemProcessor.SINGLE_LOOP.toFile());
        Set<String> caught = new TreeSet<>();
        definition.get("States").get(task).get("Catch")
                .forEach(catcher -> catcher.get("ErrorEquals").forEach(name -> caught.add(name.asText())));
        Set<String> thrown = new TreeSet<>();
        Path classes = Path.of("target/classes", ERROR_PACKAGE.replace('.', '/'));
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = ERROR_PACKAGE + "." + file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(name);
                if (VeoStatusException.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                    thrown.add(name);
                }
            }
        }
        assertEquals(12, thrown.size(), "the functions' error types: " + thrown);
        if (task.equals("CheckStatus")) {
            // The status function cannot end in the keeping function's outcomes.
            thrown.removeIf(name -> KEEPING_ONLY.contains(name));
        }
        Set<String> uncaught = new TreeSet<>(thrown);
        uncaught.removeAll(caught);
        assertEquals(Set.of(), uncaught, "errors the state machine would only see as States.ALL");
    }

    static Set<String> errorNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("ErrorEquals")) {
                    // Everything but the interpreter's own (States.*) and the Lambda service's errors
                    // must be one of the function's exception classes.
                    field.getValue().forEach(name -> {
                        if (!name.asText().startsWith("States.") && !name.asText().startsWith("Lambda.")) {
                            names.add(name.asText());
                        }
                    });
                } else {
                    names.addAll(errorNames(field.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> names.addAll(errorNames(element)));
        }
        return names;
    }
}
