package io.veostatus.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.veostatus.error.UpstreamUnavailableException;

/**
 * Reads one record-info answer body: at most {@code maxBytes}, the API key redacted before the text is
 * parsed (an upstream that echoes the key in {@code msg} must not carry it into an error or a log), and
 * anything that is not a record-info envelope reported as the upstream being unavailable.
 */
public final class RecordInfoReader {

    static final String REDACTED = "[REDACTED]";

    private final ObjectReader answers;
    private final int maxBytes;

    public RecordInfoReader(ObjectMapper json, int maxBytes) {
        // Trailing tokens would mean two documents or a truncated proxy page: not an answer.
        this.answers = json.readerFor(RecordInfoAnswer.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        this.maxBytes = maxBytes;
    }

    public RecordInfoAnswer read(InputStream body, String apiKey) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UpstreamUnavailableException(
                    "The Veo API's answer broke off while it was being read (" + e.getClass().getSimpleName() + ").", e);
        }
        if (bytes.length > maxBytes) {
            throw new UpstreamUnavailableException(
                    "The Veo API's answer is larger than " + maxBytes + " bytes, so it is not a record-info answer.");
        }
        return parse(redact(new String(bytes, StandardCharsets.UTF_8), apiKey));
    }

    RecordInfoAnswer parse(String text) {
        if (text.isBlank()) {
            throw new UpstreamUnavailableException("The Veo API answered with an empty body.");
        }
        RecordInfoAnswer answer;
        try {
            answer = answers.readValue(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body; only the kind of problem goes into ours.
            throw new UpstreamUnavailableException(text.stripLeading().startsWith("<")
                    ? "The Veo API answered with an HTML page instead of JSON."
                    : "The Veo API answered with a body that is not a record-info answer ("
                            + e.getClass().getSimpleName() + ").");
        }
        if (answer == null) {
            throw new UpstreamUnavailableException("The Veo API answered with a JSON null instead of a record-info answer.");
        }
        return answer;
    }

    /** Removes every occurrence of the key from text that may end up in a message or a log line. */
    public static String redact(String text, String apiKey) {
        if (text == null || apiKey == null || apiKey.isEmpty()) {
            return text;
        }
        return text.replace(apiKey, REDACTED);
    }
}
