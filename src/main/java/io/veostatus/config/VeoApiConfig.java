package io.veostatus.config;

import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the Veo API is and how to talk to it. Each property is also read from the environment
 * variable of the same name in upper case ({@code veo.api.key} from {@code VEO_API_KEY}).
 */
@ConfigMapping(prefix = "veo.api")
public interface VeoApiConfig {

    /**
     * The bearer token. Optional here so that a missing key fails the invocation with a sentence naming
     * {@code VEO_API_KEY} instead of stopping the function from starting.
     */
    Optional<String> key();

    /** Scheme, host and optional port of the upstream; the REST client's URL is taken from it. */
    @WithDefault("https://api.veo3api.ai")
    String baseUrl();

    /** Zone of the upstream's zone-less {@code "yyyy-MM-dd HH:mm:ss"} timestamps. */
    @WithDefault("UTC")
    ZoneId timezone();
}
