package io.veostatus.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.TelemetryConfig;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.testing.KeyForms;

/**
 * A fault (not an outcome: a bug, a library's surprise) leaves the invocation as the runtime will log it with its
 * stack trace and send its message as {@code errorMessage}: as it is when nothing in it holds the key, and without
 * the key, and without the causes that hold it, when something does.
 */
class FaultsLeaveWithoutTheKeyTest {

    private static final String KEY = "fault-key-5e1d7a0c-DO-NOT-LEAK";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TelemetryConfig METRICS_OFF = ConfigDefaults.of(TelemetryConfig.class,
            Map.of("veo.telemetry.metrics.enabled", "false"));

    private final InvocationTelemetry telemetry = new InvocationTelemetry(
            new SummaryLine(new EmfMetrics(METRICS_OFF), METRICS_OFF, JSON, text -> text, false),
            new ApiKeyProvider(ConfigDefaults.of(VeoApiConfig.class, Map.of("veo.api.key", KEY)), null), JSON);

    @Test
    void aFaultThatHoldsNoKeyLeavesAsItIs() {
        IllegalArgumentException fault = new IllegalArgumentException("a surprise");

        assertSame(fault, assertThrows(IllegalArgumentException.class, () -> run(fault)));
    }

    @Test
    void aFaultWhoseMessageOrCauseHoldsTheKeyLeavesWithoutIt() {
        for (Map.Entry<String, String> form : KeyForms.of(KEY).entrySet()) {
            for (RuntimeException fault : List.of(new IllegalStateException("sent " + form.getValue()),
                    new IllegalStateException("wrapped", new IOException("Authorization: Bearer " + form.getValue())))) {
                RuntimeException leaving = assertThrows(RuntimeException.class, () -> run(fault));

                String said = leaving.getMessage();
                assertTrue(said.startsWith("java.lang.IllegalStateException: "), said);
                assertNull(leaving.getCause(), form.getKey() + ": a cause that holds the key would be printed");
                assertEquals(List.of(), KeyForms.in(KEY, said), form.getKey() + ": " + said);
            }
        }
    }

    private void run(RuntimeException fault) throws IOException {
        telemetry.around(telemetry.begin(null), new ByteArrayOutputStream(), () -> {
            throw fault;
        });
    }
}
