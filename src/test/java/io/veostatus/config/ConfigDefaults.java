package io.veostatus.config;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A config mapping with nothing set but its own defaults, read as the function reads them (with
 * Quarkus's converter, so that "15s" and "3m" parse), for code that runs without Quarkus.
 */
public final class ConfigDefaults {

    private ConfigDefaults() {
    }

    public static <T> T of(Class<T> mapping) {
        return of(mapping, Map.of());
    }

    /** The mapping with {@code values} set (property name to value) and defaults for the rest. */
    public static <T> T of(Class<T> mapping, Map<String, String> values) {
        return new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(values).withMapping(mapping).build().getConfigMapping(mapping);
    }
}
