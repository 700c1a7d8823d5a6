package io.veostatus.veoapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.veostatus.apikey.KeyRedactor;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.kernel.StrictJson;

/**
 * Reads one record-info reply body into its envelope: at most {@code maxBytes}, the API key redacted, in every
 * form ({@link KeyRedactor}), from every string in it before anything reads them (an upstream that echoes the key in
 * {@code msg} must not carry it into an error or a log), and anything that is not a record-info envelope of the right
 * field types, or gives a key twice ({@link StrictJson}), reported as the upstream being unavailable.
 */
public final class RecordInfoReader {

    private final ObjectReader trees;
    private final ObjectReader envelopes;
    private final int maxBytes;

    public RecordInfoReader(ObjectMapper json, int maxBytes) {
        // Trailing tokens would mean two documents or a truncated proxy page, a key given twice a reply that means
        // one thing to one reader and another to the next: neither is a reply.
        this.trees = StrictJson.reader(json);
        // A number or boolean where text belongs (a URL, a message) is a wrong type, not text; a decimal
        // where a code or flag belongs is not a number to round into a state.
        ObjectMapper strict = json.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.envelopes = strict.readerFor(RecordInfoEnvelope.class)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.maxBytes = maxBytes;
    }

    public RecordInfoEnvelope read(InputStream body, KeyRedactor key) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UpstreamUnavailableException(
                    "The Veo API's reply broke off while it was being read (" + e.getClass().getSimpleName() + ").");
        }
        if (bytes.length > maxBytes) {
            throw new UpstreamUnavailableException(
                    "The Veo API's reply is larger than " + maxBytes + " bytes, so it is not a record-info reply.");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), key);
    }

    private RecordInfoEnvelope parse(String text, KeyRedactor key) {
        if (text.isBlank()) {
            throw new UpstreamUnavailableException("The Veo API replied with an empty body.");
        }
        RecordInfoEnvelope envelope;
        try {
            JsonNode tree = trees.readTree(text);
            envelope = tree == null || tree.isNull() ? null : envelopes.readValue(key.redactStrings(tree));
        } catch (IOException e) {
            // Jackson's message quotes the body; only the kind of problem goes into ours. Not even the key given twice:
            // an upstream's key could be the API key, or part of it.
            if (e instanceof JsonProcessingException json && StrictJson.duplicateKey(json).isPresent()) {
                throw new UpstreamUnavailableException(
                        "The Veo API replied with a key given twice in one object, which is not understood.");
            }
            throw new UpstreamUnavailableException(text.stripLeading().startsWith("<")
                    ? "The Veo API replied with an HTML page instead of JSON."
                    : "The Veo API replied with a body that is not a record-info reply, or has fields of the wrong type ("
                            + e.getClass().getSimpleName() + ").");
        }
        if (envelope == null) {
            throw new UpstreamUnavailableException("The Veo API replied with a JSON null instead of a record-info reply.");
        }
        return envelope;
    }
}
