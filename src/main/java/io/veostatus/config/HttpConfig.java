package io.veostatus.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How HTTP callers are answered ({@code veo.http.*}). */
@ConfigMapping(prefix = "veo.http")
public interface HttpConfig {

    /** {@code Retry-After} of a 503 when the upstream is down or throttling. */
    @WithDefault("30s")
    Duration unavailableRetryAfter();

    Cors cors();

    /** Cross-origin access for browser callers; off unless origins are listed. */
    interface Cors {

        /** Origins allowed to call, such as {@code https://app.example.com}, or {@code *} for any. */
        Optional<List<String>> allowedOrigins();

        /** How long a browser may cache a preflight response. */
        @WithDefault("10m")
        Duration maxAge();
    }
}
