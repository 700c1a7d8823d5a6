package io.veostatus.apikey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The error type an error reply of the secrets extension names, if it names one. Secrets Manager's JSON protocol
 * answers most of its errors with HTTP 400, not found, access denied and throttling alike (its API reference, "Common
 * Errors": {@code AccessDeniedException}, {@code DecryptionFailure}, {@code ThrottlingException} ... all HTTP 400), and
 * what the extension passes on of such a reply is the status and, where it has one, the error's type: as the JSON
 * protocol writes it ({@code {"__type":"ResourceNotFoundException","message":"..."}}, as AWS's open-source Secrets
 * Manager Agent passes errors on; {@code "Code"} in other AWS error documents), or as the text of a Go SDK error
 * ({@code ResourceNotFoundException: Secrets Manager can't find the specified secret.}). A reply that names none (the
 * extension's own "an unexpected error occurred while executing request", an empty body, an HTML page) leaves the
 * status to decide.
 */
final class SecretsErrorType {

    /** An error reply is a few hundred bytes; its type, where it has one, is near its start. */
    static final int MAX_BYTES = 8_192;
    /** An AWS error type: a word in upper camel case ending as AWS's error names end. */
    private static final Pattern NAMED = Pattern.compile("\\b([A-Z][A-Za-z0-9]{2,80}(?:Exception|Error|Failure|Fault))\\b");
    /** The fields that carry the type in AWS's JSON error documents. */
    private static final String[] TYPE_FIELDS = { "__type", "code", "Code" };

    private final ObjectReader json;

    SecretsErrorType(ObjectReader json) {
        this.json = json;
    }

    /** The type the reply names, as a bare name ({@code ResourceNotFoundException}); empty when it names none. */
    Optional<String> of(byte[] reply) {
        String text = new String(reply, 0, Math.min(reply.length, MAX_BYTES), StandardCharsets.UTF_8);
        JsonNode document;
        try {
            document = json.readTree(text);
        } catch (IOException notJson) {
            return firstNamed(text);
        }
        // A JSON document names its type in its fields or not at all: a message that merely mentions one is not it.
        return document == null ? firstNamed(text) : fromJson(document);
    }

    private Optional<String> fromJson(JsonNode document) {
        if (!document.isObject()) {
            return Optional.empty();
        }
        for (JsonNode holder : new JsonNode[] { document, document.path("Error") }) {
            for (String field : TYPE_FIELDS) {
                JsonNode type = holder.path(field);
                if (type.isTextual()) {
                    Optional<String> named = bare(type.textValue());
                    if (named.isPresent()) {
                        return named;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The type without what the JSON protocol may put around it: a namespace before {@code #}
     * ({@code com.amazonaws.secretsmanager#ResourceNotFoundException}) and anything after {@code :}. Only a name is kept;
     * anything else in the field is not read into a message.
     */
    private static Optional<String> bare(String type) {
        String name = type.substring(type.lastIndexOf('#') + 1);
        int colon = name.indexOf(':');
        name = (colon < 0 ? name : name.substring(0, colon)).strip();
        return name.matches("[A-Za-z][A-Za-z0-9]{0,80}") ? Optional.of(name) : Optional.empty();
    }

    /** The first AWS error name in a text, such as the Go SDK's {@code Type: message}, or a message that names one. */
    private static Optional<String> firstNamed(String text) {
        Matcher named = NAMED.matcher(text);
        return named.find() ? Optional.of(named.group(1)) : Optional.empty();
    }
}
