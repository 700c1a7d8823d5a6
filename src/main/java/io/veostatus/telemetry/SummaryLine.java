package io.veostatus.telemetry;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.veostatus.config.TelemetryConfig;

/**
 * The line each invocation ends with. Where the console writes JSON (the deployed function) and metrics are on, it is
 * one JSON object that is both the summary, as a log line of the console's own shape ({@code timestamp},
 * {@code logger}, {@code level}, {@code message}, {@code mdc}, {@code service}), and the invocation's metrics document
 * ({@code _aws} with the dimensions and values beside it; EMF keeps the other members as the event's fields): one
 * CloudWatch event instead of a log line and a document that repeated its ids, since CloudWatch Logs bills by the byte.
 * The console's formatter (quarkus-logging-json) adds no members of a record's own, so this line is written here,
 * with the console's redaction of its message. Its level is INFO, by which Lambda's ApplicationLogLevel filters it.
 *
 * <p>Text logs (dev mode, the tests) keep the summary as a readable line, the metrics document, when on, a line of
 * its own with the same {@code mdc}; with metrics off the summary is an ordinary log line.
 */
@ApplicationScoped
public class SummaryLine {

    /** The summary is the invocation's line, under the telemetry's logger whichever way it is written. */
    private static final Logger LOG = Logger.getLogger(InvocationTelemetry.class);
    /** As application.properties has the console write it: RFC 3339 in UTC, to the millisecond. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final EmfMetrics metrics;
    /** The {@code service} field of every JSON line. */
    private final String service;
    private final ObjectMapper json;
    private final ConsoleRedaction console;
    private final boolean jsonLogs;
    private final PrintStream out;

    @Inject
    public SummaryLine(EmfMetrics metrics, TelemetryConfig config, ObjectMapper json, ConsoleRedaction console,
            @ConfigProperty(name = "quarkus.log.console.json.enabled", defaultValue = "true") boolean jsonLogs) {
        this(metrics, config, json, console, jsonLogs, System.out);
    }

    SummaryLine(EmfMetrics metrics, TelemetryConfig config, ObjectMapper json, ConsoleRedaction console, boolean jsonLogs,
            PrintStream out) {
        this.service = config.serviceName();
        this.metrics = metrics;
        this.json = json;
        this.console = console;
        this.jsonLogs = jsonLogs;
        this.out = out;
    }

    /** Writes the invocation's summary, whose context (its outcome's fields included) is in the MDC now. */
    void write(Invocation invocation, String summary) {
        if (!metrics.enabled()) {
            LOG.info(summary);
            return;
        }
        long now = System.currentTimeMillis();
        ObjectNode line = json.createObjectNode();
        if (jsonLogs) {
            line.put("timestamp", TIMESTAMP.format(Instant.ofEpochMilli(now))).put("logger", LOG.getName())
                    .put("level", "INFO").put("message", console.apply(summary)).put("service", service);
        } else {
            LOG.info(summary);
        }
        ObjectNode context = line.putObject("mdc");
        for (Map.Entry<String, Object> entry : MDC.getMap().entrySet()) {
            context.put(entry.getKey(), String.valueOf(entry.getValue()));
        }
        metrics.addTo(line, invocation, now);
        String text;
        try {
            text = json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the summary line could not be written as JSON", e);
        }
        // One println: the line reaches CloudWatch as one event, never interleaved with another line.
        out.println(text);
    }
}
