package io.veostatus.statemachine;

import java.util.Map;

/**
 * What one execution in src/test/statemachine/run-execution.mjs may be given besides its definition, input and wait
 * (see the runner's header for each).
 *
 * @param substitutions values for the definition's ${...}, as the template's DefinitionSubstitutions give them
 * @param handlers for each Task state that names one, the handler its events are routed to
 * @param lambdaUrl where this execution's functions are invoked; null: the interpreter's own
 * @param statesUrl the Step Functions recorder a .waitForTaskToken state waits through; null: none
 * @param awaitTimeoutSeconds the waiting state's TimeoutSeconds, in place of its TimeoutSecondsPath; null: as written
 * @param history whether the answer carries the execution's events
 */
public record ExecutionOptions(Map<String, String> substitutions, Map<String, String> handlers, String lambdaUrl,
        String statesUrl, Integer awaitTimeoutSeconds, boolean history) {

    public static final ExecutionOptions NONE = new ExecutionOptions(Map.of(), Map.of(), null, null, null, false);

    public ExecutionOptions {
        substitutions = Map.copyOf(substitutions);
        handlers = Map.copyOf(handlers);
    }

    public ExecutionOptions withSubstitutions(Map<String, String> values) {
        return new ExecutionOptions(values, handlers, lambdaUrl, statesUrl, awaitTimeoutSeconds, history);
    }

    public ExecutionOptions withHandlers(Map<String, String> names) {
        return new ExecutionOptions(substitutions, names, lambdaUrl, statesUrl, awaitTimeoutSeconds, history);
    }

    public ExecutionOptions withLambdaUrl(String url) {
        return new ExecutionOptions(substitutions, handlers, url, statesUrl, awaitTimeoutSeconds, history);
    }

    public ExecutionOptions withStatesUrl(String url) {
        return new ExecutionOptions(substitutions, handlers, lambdaUrl, url, awaitTimeoutSeconds, history);
    }

    public ExecutionOptions withAwaitTimeoutSeconds(int seconds) {
        return new ExecutionOptions(substitutions, handlers, lambdaUrl, statesUrl, seconds, history);
    }

    public ExecutionOptions withHistory() {
        return new ExecutionOptions(substitutions, handlers, lambdaUrl, statesUrl, awaitTimeoutSeconds, true);
    }
}
