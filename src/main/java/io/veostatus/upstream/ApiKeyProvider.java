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
}
