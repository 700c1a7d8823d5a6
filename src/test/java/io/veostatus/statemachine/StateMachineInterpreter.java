package io.veostatus.statemachine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Node.js process running src/test/statemachine/run-execution.mjs: executions are sent to it one line at
 * a time and answered one line each, so that Node.js and the interpreter start once per test class.
 */
public final class StateMachineInterpreter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest execution the tests run (hundreds of tasks through the mock event server) takes well under this. */
    private static final long EXECUTION_TIMEOUT_SECONDS = 180;
    private static final Path LOG = Path.of("target/statemachine-interpreter.log");

    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;

    private StateMachineInterpreter(Process process) {
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** @param lambdaUrl where the function is invoked: the Lambda mock event server */
    static StateMachineInterpreter start(String lambdaUrl) {
        return start(Map.of("VEO_STATUS_LAMBDA_URL", lambdaUrl));
    }

    /** Without a function of its own: each execution names where its functions are ({@link ExecutionOptions#lambdaUrl}). */
    public static StateMachineInterpreter start() {
        return start(Map.of());
    }

    private static StateMachineInterpreter start(Map<String, String> environment) {
        try {
            Files.createDirectories(LOG.getParent());
            ProcessBuilder node = new ProcessBuilder("node", "-r", "./src/test/statemachine/polyfill.cjs",
                    "src/test/statemachine/run-execution.mjs")
                    .redirectError(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
            node.environment().putAll(environment);
            return new StateMachineInterpreter(node.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param waitMs how long each WaitBeforeNextPoll waits instead of the advised seconds
     * @return the runner's answer: outcome, output or error and cause, outputBytes, invocations, mostInvocationsAtOnce
     */
    JsonNode execute(Path definition, String input, long waitMs) {
        return execute(definition, input, waitMs, Map.of(), Map.of());
    }

    /**
     * @param substitutions values for the definition's ${...}, as the template's DefinitionSubstitutions give them
     * @param handlers for each Task state that names one, the handler its events are routed to (see run-execution.mjs)
     */
    JsonNode execute(Path definition, String input, long waitMs, Map<String, String> substitutions, Map<String, String> handlers) {
        return execute(definition, input, waitMs, ExecutionOptions.NONE.withSubstitutions(substitutions).withHandlers(handlers));
    }

    /**
     * @return the runner's answer: outcome, output or error and cause, outputBytes, invocations, mostInvocationsAtOnce,
     *         and the history when asked for
     */
    public JsonNode execute(Path definition, String input, long waitMs, ExecutionOptions options) {
        try {
            ObjectNode request = JSON.createObjectNode().put("definition", definition.toString()).put("input", input)
                    .put("waitMs", waitMs);
            options.substitutions().forEach(request.putObject("substitutions")::put);
            options.handlers().forEach(request.putObject("handlers")::put);
            if (options.lambdaUrl() != null) {
                request.put("lambdaUrl", options.lambdaUrl());
            }
            if (options.statesUrl() != null) {
                request.put("statesUrl", options.statesUrl());
            }
            if (options.awaitTimeoutSeconds() != null) {
                request.put("awaitTimeoutSeconds", options.awaitTimeoutSeconds());
            }
            if (options.history()) {
                request.put("history", true);
            }
            requests.write(JSON.writeValueAsString(request) + "\n");
            requests.flush();
            String line = CompletableFuture.supplyAsync(this::readLine).get(EXECUTION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the interpreter ended; see " + LOG);
            }
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("the interpreter did not answer; see " + LOG, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String readLine() {
        try {
            return answers.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the input, so that the runner exits, and waits for it (killing it if it does not). */
    @Override
    public void close() {
        try {
            requests.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
