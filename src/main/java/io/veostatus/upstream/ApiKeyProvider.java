package io.veostatus.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.config.VeoApiConfig;
import io.veostatus.error.UpstreamAuthException;

/**
 * The bearer token for the Veo API. A missing key is reported at the invocation that needs it, not at
 * start-up, so that a misconfigured function still answers every caller with a sentence that says
 * what to set.
 */
@ApplicationScoped
public class ApiKeyProvider {

    private final VeoApiConfig config;

    public ApiKeyProvider(VeoApiConfig config) {
        this.config = config;
    }

    public String apiKey() {
        return config.key()
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .orElseThrow(() -> new UpstreamAuthException(
                        "No Veo API key is configured: set the environment variable VEO_API_KEY."));
    }

    /** The text with the key, if one is configured, replaced: the last guard before an answer leaves. */
    public String redact(String text) {
        return RecordInfoReader.redact(text, config.key().map(String::strip).orElse(null));
    }
}
