package io.veostatus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the function tells its owner: the service name in logs and metrics, and the metrics ({@code veo.telemetry.*}). */
@ConfigMapping(prefix = "veo.telemetry")
public interface TelemetryConfig {

    /** The {@code service} of every log line and the {@code Service} dimension of every metric. */
    @WithDefault("veo-status")
    String serviceName();

    Metrics metrics();

    /** Each invocation's metrics in CloudWatch's embedded metric format, carried by its summary line. */
    interface Metrics {

        /** Off, the summary lines carry no metrics (dev mode and the tests turn them off; Lambda wants them on). */
        @WithDefault("true")
        boolean enabled();

        /** The CloudWatch namespace of the metrics; the template's alarms read the same one. */
        @WithDefault("VeoStatus")
        String namespace();
    }
}
