package io.veostatus.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.error.Outcome;
import io.veostatus.error.Outcome.LambdaFunction;

/**
 * The state machines name the function's errors by their fully qualified class names, and what they do with each is
 * what {@link Outcome} says: every Task state catches by name each outcome its function may end in, and retries
 * exactly those the state machines retry around that function. A rename on either side would silently turn a handled
 * error into the catch-all. Both definitions are read, the batch machine's loop too (BatchLoopDriftTest keeps it the
 * single one).
 */
class StateMachineErrorNamesTest {

    /** The Task states' functions, as the template substitutes their ARNs. */
    private static final Map<String, LambdaFunction> FUNCTIONS = Map.of(
            "${VeoStatusFunctionArn}", LambdaFunction.STATUS,
            "${KeepVideoFunctionArn}", LambdaFunction.KEEPING,
            "${VeoCallbackFunctionArn}", LambdaFunction.CALLBACK);

    @ParameterizedTest
    @ValueSource(strings = { "statemachine/poll-video.asl.json", "statemachine/poll-videos.asl.json",
            "statemachine/await-video.asl.json" })
    void everyErrorNameInTheStateMachineIsAnOutcomeOfTheFunctions(Path definition) throws IOException {
        Set<String> named = errorNames(new ObjectMapper().readTree(definition.toFile()));
        Set<String> outcomes = Stream.of(Outcome.values()).map(outcome -> outcome.type().getName())
                .collect(Collectors.toSet());
        assertTrue(named.size() >= 6, "the state machine handles the function's errors: " + named);
        named.forEach(name -> assertTrue(outcomes.contains(name),
                "the state machine names " + name + ", which is no outcome of the functions (io.veostatus.error.Outcome)"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "statemachine/poll-video.asl.json", "statemachine/poll-videos.asl.json",
            "statemachine/await-video.asl.json" })
    void everyTaskCatchesItsFunctionsOutcomesAndRetriesThoseTheOutcomesSay(Path definition) throws IOException {
        Map<LambdaFunction, Integer> tasks = new EnumMap<>(LambdaFunction.class);
        for (JsonNode task : taskStates(new ObjectMapper().readTree(definition.toFile()))) {
            String arn = task.at("/Parameters/FunctionName").asText();
            LambdaFunction function = FUNCTIONS.get(arn);
            assertTrue(function != null, "a Task state invokes " + arn + ", which is none of the functions");
            tasks.merge(function, 1, Integer::sum);
            // The callback function's every failure goes on to the polling loop: its Tasks catch States.ALL alone.
            assertEquals(function == LambdaFunction.CALLBACK ? Set.of() : names(outcome -> outcome.thrownBy().contains(function)),
                    listed(task, "Catch", "States."),
                    function + ": its Task catches by name exactly the outcomes it may end in (else States.ALL takes them)");
            assertEquals(names(outcome -> outcome.retriedByTheStateMachineAround(function)), listed(task, "Retry", "Lambda."),
                    function + ": its Task retries exactly the outcomes Outcome says the state machines retry around it");
        }
        assertEquals(definition.endsWith("await-video.asl.json")
                ? Map.of(LambdaFunction.STATUS, 1, LambdaFunction.KEEPING, 1, LambdaFunction.CALLBACK, 2)
                : Map.of(LambdaFunction.STATUS, 1, LambdaFunction.KEEPING, 1), tasks,
                "one Task state per function; the callback function's two: the registration and the fallback's note");
    }

    private static Set<String> names(Predicate<Outcome> which) {
        return Stream.of(Outcome.values()).filter(which).map(outcome -> outcome.type().getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The error names of a Task's Retry or Catch other than the service's own, each of which is listed once only. */
    private static Set<String> listed(JsonNode task, String field, String serviceErrors) {
        List<String> names = new ArrayList<>();
        task.path(field).forEach(entry -> entry.get("ErrorEquals").forEach(name -> {
            if (!name.asText().startsWith(serviceErrors)) {
                names.add(name.asText());
            }
        }));
        Set<String> once = new TreeSet<>(names);
        // A second entry for a name would never be reached: the first one that matches an error applies.
        assertEquals(once.size(), names.size(), field + " names an error twice: " + names);
        return once;
    }

    private static List<JsonNode> taskStates(JsonNode node) {
        List<JsonNode> tasks = new ArrayList<>();
        if (node.isObject() && "Task".equals(node.path("Type").asText())) {
            tasks.add(node);
        } else if (node.isContainerNode()) {
            node.forEach(child -> tasks.addAll(taskStates(child)));
        }
        return tasks;
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
