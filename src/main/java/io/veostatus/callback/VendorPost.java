package io.veostatus.callback;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.error.InvalidRequestException;

/**
 * The parts of a vendor's callback the function reads, from API Gateway's HTTP API event (payload format 2.0): the
 * secret segment of {@code /callback/{secret}} (null on {@code /callback}), the headers by lower-case name, and the
 * body as text. The path itself is never kept: with a URL secret it is a credential.
 */
record VendorPost(String secret, Map<String, String> headers, String body) {

    /** A callback's body is a few kilobytes (its prompt the most of it); a far larger one is not the vendor's. */
    static final int MAX_BODY_BYTES = 262_144;

    static VendorPost read(JsonNode event) {
        JsonNode secret = event.path("pathParameters").path("secret");
        Map<String, String> headers = new TreeMap<>();
        event.path("headers").properties().forEach(header -> {
            if (header.getValue().isTextual()) {
                headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().textValue());
            }
        });
        JsonNode body = event.path("body");
        String text = body.isTextual() ? body.textValue() : "";
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw new InvalidRequestException("The callback's body is marked base64 but is not.");
            }
        }
        if (text.length() > MAX_BODY_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("The callback's body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        return new VendorPost(secret.isTextual() ? secret.textValue() : null, Map.copyOf(headers), text);
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
