package io.veostatus.keep;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * For the tests only: the Lambda mock event server serves one handler, and a state machine with keeping on
 * invokes two functions, the status one and the keeping one. This handler receives
 * {@code {"handler": "<name>", "event": ...}} (or the event as text in {@code rawEvent}) and hands the event, with
 * Lambda's context, to the handler of that name, which answers or throws exactly as it would as its own function.
 */
@Named(HandlerRouter.NAME)
public class HandlerRouter implements RequestStreamHandler {

    public static final String NAME = "test-router";

    private final Instance<RequestStreamHandler> handlers;
    private final ObjectMapper json;

    public HandlerRouter(@Any Instance<RequestStreamHandler> handlers, ObjectMapper json) {
        this.handlers = handlers;
        this.json = json;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode routed = json.readTree(input);
        // An event that names no handler is the status function's, as everywhere else in the tests.
        boolean named = routed != null && routed.isObject() && routed.has("handler");
        String name = named ? routed.path("handler").asText() : "veo-status";
        // An event given as text ("rawEvent") is passed on exactly as written, a key given twice included.
        String text = named && routed.path("rawEvent").isTextual() ? routed.path("rawEvent").asText()
                : json.writeValueAsString(named ? routed.path("event") : routed);
        InputStream event = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        handlers.select(NamedLiteral.of(name)).get().handleRequest(event, output, context);
    }

    /** The event (any text) to post to the mock event server so that it reaches the handler {@code name} unchanged. */
    public static String routed(String name, String event) {
        try {
            return "{\"handler\":\"" + name + "\",\"rawEvent\":" + new ObjectMapper().writeValueAsString(event) + "}";
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
