package io.veostatus.telemetry;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One CloudWatch embedded-metric-format document with one metric directive, kept to the specification:
 * the {@code _aws} metadata with {@code Timestamp} in epoch milliseconds, every dimension and metric value
 * a member of the root, at most 100 metrics per directive and at most 30 dimensions per set, and no name
 * used twice. The root may hold other members, which CloudWatch keeps as the log event's fields: it is built on
 * an object that may have some already (the summary line's). Powertools and aws-embedded-metrics do not run in a
 * Quarkus native executable; this is all of EMF the function needs.
 */
final class EmfDocument {

    static final int MAX_METRICS = 100;
    static final int MAX_DIMENSIONS = 30;

    private final ObjectNode root;
    private final ArrayNode dimensionSet;
    private final ArrayNode metrics;
    private final Set<String> names = new HashSet<>();

    EmfDocument(ObjectNode root, String namespace, long timestampMillis) {
        this.root = root;
        root.fieldNames().forEachRemaining(this::claim);
        claim("_aws");
        ObjectNode directive = root.putObject("_aws").put("Timestamp", timestampMillis)
                .putArray("CloudWatchMetrics").addObject().put("Namespace", namespace);
        dimensionSet = directive.putArray("Dimensions").addArray();
        metrics = directive.putArray("Metrics");
    }

    EmfDocument dimension(String name, String value) {
        if (dimensionSet.size() == MAX_DIMENSIONS) {
            throw new IllegalStateException("an EMF dimension set holds at most " + MAX_DIMENSIONS + " dimensions");
        }
        claim(name);
        dimensionSet.add(name);
        root.put(name, value);
        return this;
    }

    EmfDocument metric(String name, String unit, long value) {
        if (metrics.size() == MAX_METRICS) {
            throw new IllegalStateException("an EMF metric directive holds at most " + MAX_METRICS + " metrics");
        }
        claim(name);
        metrics.addObject().put("Name", name).put("Unit", unit);
        root.put(name, value);
        return this;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the EMF member " + name + " is already in the document");
        }
    }
}
