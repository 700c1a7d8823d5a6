package io.veostatus.config;

import java.time.Duration;
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

    /**
     * A Secrets Manager secret id or ARN whose value is the key ({@code VEO_API_KEY_SECRET_ID}), read
     * through the AWS Parameters and Secrets Lambda Extension. {@code VEO_API_KEY} wins when both are set.
     */
    Optional<String> keySecretId();

    /** How long a key read from the secret is used before it is read again. */
    @WithDefault("5m")
    Duration keyCacheTtl();

    /**
     * Where the AWS Parameters and Secrets Lambda Extension answers: on localhost, at the port Lambda gives the function
     * ({@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}); set it only to stand in for the extension (the tests).
     */
    @WithDefault("http://localhost:${PARAMETERS_SECRETS_EXTENSION_HTTP_PORT:2773}")
    String secretsExtensionUrl();

    /**
     * The extension's access token. Unset, the function's {@code AWS_SESSION_TOKEN} is read when the
     * secret is read; set it only to stand in for the extension (the tests).
     */
    Optional<String> secretsExtensionToken();
}
