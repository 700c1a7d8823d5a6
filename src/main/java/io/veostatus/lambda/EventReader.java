package io.veostatus.lambda;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.InvalidRequestException;

/**
 * Reads a Lambda event, for both handlers: one JSON document and nothing after it (a second document or stray text
 * would otherwise be ignored). Anything else is an {@link InvalidRequestException} that says what to send.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectReader strict;

    public EventReader(ObjectMapper json) {
        this.strict = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** @param expected what the function takes, for the error's sentence */
    public JsonNode read(InputStream input, String expected) throws IOException {
        try {
            return strict.readTree(input);
        } catch (JsonProcessingException notJson) {
            if (JsonNesting.tooDeep(notJson)) {
                throw new InvalidRequestException(
                        "The event " + JsonNesting.tooDeepPhrase(strict.getFactory()) + ": give " + expected + ".");
            }
            throw new InvalidRequestException("The event is not a JSON document: give " + expected + ".");
        }
    }
}
