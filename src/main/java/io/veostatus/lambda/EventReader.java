package io.veostatus.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.InvalidRequestException;
import io.veostatus.kernel.JsonNesting;
import io.veostatus.kernel.StrictJson;

/**
 * Reads a Lambda event, for both handlers: one JSON document and nothing after it (a second document or stray text
 * would otherwise be ignored), each key given once in each object ({@link StrictJson}). Anything else is an
 * {@link InvalidRequestException} that says what to send.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectReader strict;
    private final ObjectReader lastValueWins;

    public EventReader(ObjectMapper json) {
        this.strict = StrictJson.reader(json);
        this.lastValueWins = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * An event as read.
     *
     * @param json the event; when it is refused, each key's last value (or null where even that cannot be read), which
     *        serves only to tell an HTTP event from a direct one, so that an HTTP caller is answered in HTTP
     * @param refusal why the event is refused (a key given twice), or null
     */
    public record Event(JsonNode json, InvalidRequestException refusal) {

        /** The event, unless it is refused. */
        public JsonNode unambiguous() {
            if (refusal != null) {
                throw refusal;
            }
            return json;
        }
    }

    /** @param expected what the function takes, for the error's sentence */
    public Event read(InputStream input, String expected) throws IOException {
        byte[] event = input.readAllBytes();
        try {
            return new Event(strict.readTree(new ByteArrayInputStream(event)), null);
        } catch (JsonProcessingException failure) {
            Optional<String> twice = StrictJson.duplicateKey(failure);
            if (twice.isEmpty()) {
                throw new InvalidRequestException(JsonNesting.tooDeep(failure)
                        ? "The event " + JsonNesting.tooDeepPhrase(strict.getFactory()) + ": give " + expected + "."
                        : "The event is not a JSON document: give " + expected + ".");
            }
            InvalidRequestException refusal = new InvalidRequestException("The event gives the key "
                    + StrictJson.quoted(twice.get()) + " more than once, so it is not clear which value is meant: give "
                    + "each key once.");
            return new Event(leniently(event), refusal);
        }
    }

    private JsonNode leniently(byte[] event) {
        try {
            return lastValueWins.readTree(new ByteArrayInputStream(event));
        } catch (IOException notJsonFurtherOn) {
            return null;
        }
    }
}
