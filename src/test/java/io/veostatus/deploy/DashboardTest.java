package io.veostatus.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.veostatus.telemetry.EmfMetrics;

/**
 * The stack's CloudWatch dashboard, as CloudWatch would read it in each variant of the template: its body, with every
 * Fn::Sub variable substituted as CloudFormation substitutes it, is a dashboard body (widgets placed on the 24-column
 * grid, metrics arrays and expressions well formed), shows only metrics that something in the stack writes (the
 * functions' own, the metric filters', Step Functions' and Lambda's for this stack's resources) and every alarm of the
 * stack, and names the keeping function's resources only when they exist.
 */
class DashboardTest {

    private static final String DASHBOARD = "VeoStatusDashboard";
    /** AWS/States metrics of an execution, by StateMachineArn (Step Functions Developer Guide, "Execution metrics"). */
    private static final Set<String> STATES_METRICS = Set.of("ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed",
            "ExecutionsTimedOut", "ExecutionsAborted", "ExecutionThrottled", "ExecutionTime", "ExecutionsRedriven");
    /** AWS/Lambda metrics of a function, by FunctionName (Lambda Developer Guide, "Types of metrics for Lambda functions"). */
    private static final Set<String> LAMBDA_METRICS = Set.of("Invocations", "Errors", "Throttles", "Duration",
            "ConcurrentExecutions", "DeadLetterErrors", "DestinationDeliveryFailures", "RecursiveInvocationsDropped");
    private static final Set<String> WIDGET_TYPES = Set.of("metric", "text", "alarm", "log", "explorer");
    private static final Set<String> VIEWS = Set.of("timeSeries", "singleValue", "gauge", "bar", "pie", "table");
    private static final Pattern STATISTIC = Pattern.compile("SampleCount|Average|Sum|Minimum|Maximum|p\\d{1,2}(\\.\\d+)?");
    private static final Pattern METRIC_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\s*\\{([^}]*)}([^']*)',\\s*'([^']+)'(?:,\\s*(\\d+))?\\)");
    private static final Pattern SEARCH_TERM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** CloudWatch's dynamic labels ("Use dynamic labels"): a dimension's value, or a value of the time range shown. */
    private static final Pattern DYNAMIC_LABEL = Pattern.compile(
            "PROP\\('Dim\\.(\\w+)'\\)|PROP\\('(MetricName|Namespace|Period|Region|Stat)'\\)|AVG|MAX|MIN|SUM|LAST|FIRST|LABEL");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = CloudFormationYaml.read(SamTemplateTest.TEMPLATE);
    }

    /** A deployment: the parameters given (the rest take their defaults), the stack's name and its region. */
    record Deployment(String name, Map<String, String> parameters, String stackName, String region) {

        StackValues values() {
            return new StackValues(template, parameters, stackName, region);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> deployments() {
        return Stream.of(
                Arguments.of(new Deployment("native, keeping off", SamTemplateTest.NATIVE, "veo-status", "us-east-1")),
                Arguments.of(new Deployment("jvm, keeping on, a namespace with / and .", Map.of("Packaging", "jvm",
                        "KeepBucket", "videos.example-team", "MetricsNamespace", "Team/Veo.Status"), "Videos-Prod2", "eu-west-1")),
                Arguments.of(new Deployment("native, keeping on, an alarm topic", with(SamTemplateTest.NATIVE, Map.of(
                        "KeepBucket", "videos.example-team", "AlarmTopicArn", "arn:aws:sns:ap-southeast-2:123456789012:ops")),
                        "veo", "ap-southeast-2")));
    }

    /**
     * The body, substituted as CloudFormation substitutes it (a name that does not resolve fails), is a dashboard body as
     * CloudWatch's "Dashboard Body Structure and Syntax" describes it: strict JSON with a widgets array, each widget of a
     * known type placed inside the 24-column grid without covering another, each metric widget with its region, a view,
     * and metrics rows that are either [namespace, name, dimension, value, ..., options] or one expression with a unique id,
     * whose expressions use only ids of the same widget. What is left of ${...} after Fn::Sub is a CloudWatch dynamic label.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theBodyIsADashboardAsCloudWatchReadsIt(Deployment deployment) throws IOException {
        StackValues values = deployment.values();
        String text = body(values);
        JsonNode body = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(text);
        assertTrue(body.isObject() && body.get("widgets").isArray() && !body.get("widgets").isEmpty(), text);
        List<int[]> placed = new ArrayList<>();
        for (JsonNode widget : body.get("widgets")) {
            String type = widget.path("type").asText();
            assertTrue(WIDGET_TYPES.contains(type), "widget type " + widget.get("type"));
            for (String field : List.of("x", "y", "width", "height")) {
                assertTrue(widget.path(field).isInt() && widget.get(field).asInt() >= 0, field + " of " + widget);
            }
            int x = widget.get("x").asInt();
            int y = widget.get("y").asInt();
            int width = widget.get("width").asInt();
            int height = widget.get("height").asInt();
            assertTrue(width >= 1 && x + width <= 24 && height >= 1 && height <= 1000, "inside the grid: " + widget);
            for (int[] other : placed) {
                boolean apart = x >= other[0] + other[2] || other[0] >= x + width || y >= other[1] + other[3] || other[1] >= y + height;
                assertTrue(apart, "covers another widget: " + widget);
            }
            placed.add(new int[] { x, y, width, height });
            JsonNode properties = widget.get("properties");
            assertTrue(properties != null && properties.isObject(), "properties of " + widget);
            switch (type) {
                case "text" -> assertFalse(properties.path("markdown").asText().isBlank(), "a text widget's markdown");
                case "alarm" -> {
                    assertTrue(properties.get("alarms").isArray(), "an alarm widget's alarms");
                    assertTrue(properties.get("alarms").size() >= 1 && properties.get("alarms").size() <= 100);
                }
                case "metric" -> checkMetricWidget(properties, values);
                default -> fail("a widget this dashboard does not use: " + type);
            }
        }
        Matcher left = SUB_VARIABLE.matcher(text);
        while (left.find()) {
            Matcher label = DYNAMIC_LABEL.matcher(left.group(1));
            assertTrue(label.matches(), "${" + left.group(1) + "} is not a CloudWatch dynamic label");
            if (label.group(1) != null) {
                assertTrue(EmfMetrics.DIMENSIONS.contains(label.group(1)), "a dimension of the functions' metrics: " + left.group());
            }
        }
    }

    private static void checkMetricWidget(JsonNode properties, StackValues values) {
        String title = properties.path("title").asText();
        assertFalse(title.isBlank(), "every graph says what it shows");
        assertEquals(values.region(), properties.path("region").asText(), title + ": the stack's region");
        assertTrue(VIEWS.contains(properties.path("view").asText()), title + ": view " + properties.get("view"));
        if (properties.has("stat")) {
            assertTrue(STATISTIC.matcher(properties.get("stat").asText()).matches(), title + ": " + properties.get("stat"));
        }
        if (properties.has("period")) {
            assertTrue(properties.get("period").asInt() > 0 && properties.get("period").asInt() % 60 == 0, title + ": period");
        }
        JsonNode metrics = properties.get("metrics");
        assertTrue(metrics != null && metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, title + ": metrics");
        Set<String> ids = new HashSet<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode row : rows(metrics)) {
            assertTrue(row.isArray() && !row.isEmpty(), title + ": a metrics row is an array: " + row);
            JsonNode options = row.get(row.size() - 1).isObject() ? row.get(row.size() - 1) : null;
            if (options != null && options.has("expression")) {
                assertEquals(1, row.size(), title + ": an expression is a row of its own: " + row);
                assertTrue(options.has("id"), title + ": an expression has an id: " + row);
                expressions.add(options.get("expression").asText());
            } else {
                int strings = options == null ? row.size() : row.size() - 1;
                assertTrue(strings >= 2 && strings % 2 == 0, title + ": namespace, name, then dimension name and value pairs: " + row);
                for (int i = 0; i < strings; i++) {
                    assertTrue(row.get(i).isTextual() && !row.get(i).asText().isEmpty(), title + ": " + row);
                }
            }
            if (options != null) {
                if (options.has("id")) {
                    assertTrue(METRIC_ID.matcher(options.get("id").asText()).matches(), title + ": id " + options.get("id"));
                    assertTrue(ids.add(options.get("id").asText()), title + ": id used twice: " + options.get("id"));
                }
                if (options.has("stat")) {
                    assertTrue(STATISTIC.matcher(options.get("stat").asText()).matches(), title + ": " + options.get("stat"));
                }
                if (options.has("yAxis")) {
                    assertTrue(Set.of("left", "right").contains(options.get("yAxis").asText()), title + ": " + options);
                }
            }
        }
        for (String expression : expressions) {
            // Outside the quoted search strings, a word that starts in lower case is the id of another row.
            Matcher word = Pattern.compile("\\b[a-z][a-zA-Z0-9_]*\\b").matcher(expression.replaceAll("'[^']*'", "''"));
            while (word.find()) {
                assertTrue(ids.contains(word.group()), title + ": " + expression + " uses " + word.group() + ", no row of this graph");
            }
            Matcher search = SEARCH.matcher(expression);
            while (search.find()) {
                assertTrue(STATISTIC.matcher(search.group(3)).matches(), title + ": " + expression);
            }
        }
    }

    /**
     * Every metric the dashboard shows is one something in this stack writes: the functions' own (EmfMetrics, in the
     * stack's namespace, with its one dimension set and this stack's Service), a metric filter of the template (no
     * dimensions), or Step Functions' and Lambda's own metrics of this stack's state machines (and a batch's child
     * executions) and functions. And the dashboard shows all of them: every metric the functions write, every fault
     * count, both state machines and every function of the variant.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everyMetricShownIsOneTheStackWrites(Deployment deployment) throws IOException {
        StackValues values = deployment.values();
        JsonNode body = new ObjectMapper().readTree(body(values));
        String namespace = values.parameter("MetricsNamespace");
        Set<String> filterMetrics = new TreeSet<>();
        for (String filter : values.resourcesOfType("AWS::Logs::MetricFilter")) {
            JsonNode transformation = values.resolved().at("/Resources/" + filter + "/Properties/MetricTransformations/0");
            assertEquals(namespace, values.evaluate(transformation.get("MetricNamespace")), filter);
            filterMetrics.add(transformation.get("MetricName").asText());
        }
        Map<String, String> stateMachines = new TreeMap<>();
        for (String machine : values.resourcesOfType("AWS::Serverless::StateMachine")) {
            String arn = values.ref(machine);
            stateMachines.put(arn, machine);
            // A Distributed Map's child executions report as <state machine ARN>/<the Map's Label>.
            JsonNode definition = new ObjectMapper().readTree(Path.of(values.resolved()
                    .at("/Resources/" + machine + "/Properties/DefinitionUri").asText()).toFile());
            definition.findValues("Label").forEach(label -> stateMachines.put(arn + "/" + label.asText(), machine + " child"));
        }
        Map<String, String> functions = new TreeMap<>();
        values.resourcesOfType("AWS::Serverless::Function").forEach(function -> functions.put(values.ref(function), function));

        Set<String> shown = new TreeSet<>();
        for (JsonNode widget : body.get("widgets")) {
            for (JsonNode row : rows(widget.at("/properties/metrics"))) {
                JsonNode first = row.get(0);
                if (first.isObject()) {
                    Matcher search = SEARCH.matcher(first.get("expression").asText());
                    while (search.find()) {
                        shown.addAll(searched(search, namespace, values.stackName()));
                    }
                    continue;
                }
                String rowNamespace = first.asText();
                String name = row.get(1).asText();
                Map<String, String> dimensions = new TreeMap<>();
                for (int i = 2; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
                    dimensions.put(row.get(i).asText(), row.get(i + 1).asText());
                }
                if (rowNamespace.equals(namespace)) {
                    assertTrue(filterMetrics.contains(name), name + " in " + namespace + " is written by no metric filter of this variant "
                            + filterMetrics + " (the functions' own metrics are found by SEARCH, with their dimensions)");
                    assertEquals(Map.of(), dimensions, name + ": a metric filter's metric has no dimensions");
                    shown.add(name);
                } else if (rowNamespace.equals("AWS/States")) {
                    shown.add(ownerOf(row, dimensions, STATES_METRICS, "StateMachineArn", stateMachines));
                } else if (rowNamespace.equals("AWS/Lambda")) {
                    shown.add(ownerOf(row, dimensions, LAMBDA_METRICS, "FunctionName", functions));
                } else {
                    fail("a metric of namespace " + rowNamespace + ", which nothing in this stack writes to: " + row);
                }
            }
        }
        Set<String> expected = new TreeSet<>(EmfMetrics.METRICS);
        expected.addAll(filterMetrics);
        expected.addAll(stateMachines.values());
        expected.addAll(functions.values());
        assertEquals(expected, shown, "what the dashboard shows");
        // The callbacks: their outcomes, the registrations, how each wait ended, the await machine and the function.
        assertTrue(shown.containsAll(Set.of(EmfMetrics.CALLBACKS, EmfMetrics.REGISTRATIONS, EmfMetrics.TOKENS_COMPLETED,
                EmfMetrics.FALLBACKS_TAKEN, "AwaitVideoStateMachine", "VeoCallbackFunction")), shown.toString());
    }

    /**
     * Each function's count of its invocations (polls, keeps when keeping is on, the callback function's registrations and
     * callbacks) has a graph of its own, one line per outcome; how each wait for a callback ended (resumed by a callback,
     * or gone on to polling) is graphed on its own too. A count summed into another graph only would hide its outcomes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void eachCountIsGraphedOnItsOwnAndInvocationsByOutcome(Deployment deployment) throws IOException {
        StackValues values = deployment.values();
        JsonNode body = new ObjectMapper().readTree(body(values));
        Map<String, String> labelOfSoleMetric = new TreeMap<>();
        for (JsonNode widget : body.get("widgets")) {
            for (JsonNode row : rows(widget.at("/properties/metrics"))) {
                Matcher search = row.get(0).isObject() ? SEARCH.matcher(row.get(0).path("expression").asText()) : null;
                if (search == null || !search.find()) {
                    continue;
                }
                Set<String> names = new TreeSet<>();
                Matcher term = SEARCH_TERM.matcher(search.group(2));
                while (term.find()) {
                    if (term.group(1).equals("MetricName")) {
                        names.add(term.group(2));
                    }
                }
                if (names.size() == 1) {
                    labelOfSoleMetric.put(names.iterator().next(), row.get(0).path("label").asText());
                }
            }
        }
        List<String> byOutcome = new ArrayList<>(List.of(EmfMetrics.POLLS, EmfMetrics.REGISTRATIONS, EmfMetrics.CALLBACKS));
        if (values.deploys("KeepVideoFunction")) {
            byOutcome.add(EmfMetrics.KEEPS);
        }
        for (String count : byOutcome) {
            assertEquals("${PROP('Dim.Outcome')}", labelOfSoleMetric.get(count), count + " by outcome: " + labelOfSoleMetric);
        }
        for (String count : List.of(EmfMetrics.TOKENS_COMPLETED, EmfMetrics.FALLBACKS_TAKEN)) {
            assertTrue(labelOfSoleMetric.containsKey(count), count + " on its own: " + labelOfSoleMetric);
        }
    }

    /**
     * The resource of this stack that an AWS service's metric is about: a metric the service publishes, by the one
     * dimension that names the resource, whose value is one of {@code owners} (a value the stack's resources have).
     */
    private static String ownerOf(JsonNode row, Map<String, String> dimensions, Set<String> published, String dimension,
            Map<String, String> owners) {
        assertTrue(published.contains(row.get(1).asText()), row.get(0).asText() + " publishes no metric " + row.get(1));
        assertEquals(Set.of(dimension), dimensions.keySet(), row.toString());
        String owner = owners.get(dimensions.get(dimension));
        assertTrue(owner != null, row + ": " + dimensions.get(dimension) + " is none of this variant's " + owners.keySet());
        return owner;
    }

    /** The metric names a SEARCH finds, which must be the functions' own, in this stack's namespace and of its Service. */
    private static Set<String> searched(Matcher search, String namespace, String stackName) {
        List<String> schema = new ArrayList<>();
        for (String part : search.group(1).split(",")) {
            schema.add(part.trim().replaceAll("^\"(.*)\"$", "$1"));
        }
        assertEquals(namespace, schema.get(0), "the namespace searched: " + search.group());
        assertEquals(EmfMetrics.DIMENSIONS, schema.subList(1, schema.size()), "the functions' one dimension set: " + search.group());
        Set<String> names = new TreeSet<>();
        Map<String, Set<String>> terms = new TreeMap<>();
        Matcher term = SEARCH_TERM.matcher(search.group(2));
        while (term.find()) {
            terms.computeIfAbsent(term.group(1), key -> new TreeSet<>()).add(term.group(2));
        }
        // Nothing else in the search: no partial match, no term this test does not read.
        assertTrue(SEARCH_TERM.matcher(search.group(2)).replaceAll("").matches("[\\s()]*((AND|OR)[\\s()]*)*"), search.group());
        assertEquals(Set.of("MetricName", EmfMetrics.SERVICE), terms.keySet(), search.group());
        assertEquals(Set.of(stackName), terms.get(EmfMetrics.SERVICE), "this stack's Service: " + search.group());
        for (String name : terms.get("MetricName")) {
            assertTrue(EmfMetrics.METRICS.contains(name), name + " is not a metric the functions write: " + search.group());
            names.add(name);
        }
        return names;
    }

    /** The alarm widget lists every alarm the variant deploys, and nothing else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void theAlarmWidgetListsEveryAlarmOfTheStack(Deployment deployment) throws IOException {
        StackValues values = deployment.values();
        JsonNode body = new ObjectMapper().readTree(body(values));
        List<String> listed = new ArrayList<>();
        for (JsonNode widget : body.get("widgets")) {
            if (widget.get("type").asText().equals("alarm")) {
                widget.at("/properties/alarms").forEach(arn -> listed.add(arn.asText()));
            }
        }
        Set<String> alarms = new TreeSet<>();
        values.resourcesOfType("AWS::CloudWatch::Alarm").forEach(alarm -> alarms.add(values.getAtt(alarm, "Arn")));
        assertTrue(alarms.size() >= 6, alarms.toString());
        for (String callbackAlarm : List.of("CallbackFaultsAlarm", "CallbacksRejectedAlarm")) {
            assertTrue(alarms.contains(values.getAtt(callbackAlarm, "Arn")), callbackAlarm + " in " + alarms);
        }
        assertEquals(alarms, new TreeSet<>(listed), "the alarms' state on the dashboard");
        assertEquals(listed.size(), new HashSet<>(listed).size(), "each alarm once: " + listed);
    }

    /**
     * On by default; named after the stack and its region (dashboards are global to an account, so two stacks of one name
     * in two regions each keep their own), with a name CloudWatch accepts; its console address is an output. Off, neither
     * the dashboard nor its output is deployed.
     */
    @Test
    void theDashboardIsOnByDefaultNamedAfterTheStackAndItsUrlIsAnOutput() {
        assertEquals("on", template.at("/Parameters/Dashboard/Default").asText());
        StackValues on = new StackValues(template, SamTemplateTest.NATIVE, "veo-status", "eu-central-1");
        assertTrue(on.deploys(DASHBOARD));
        String name = on.ref(DASHBOARD);
        assertEquals("veo-status-eu-central-1", name);
        assertTrue(name.matches("[A-Za-z0-9_-]{1,255}"), name);
        JsonNode output = on.resolved().at("/Outputs/DashboardUrl");
        assertEquals("https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards:name=" + name,
                on.evaluate(output.get("Value")));
        assertTrue(output.has("Condition"), "the output exists only with the dashboard");
        assertTrue(on.variant().condition(output.get("Condition").asText()));

        StackValues off = new StackValues(template, with(SamTemplateTest.NATIVE, Map.of("Dashboard", "off")), "veo-status",
                "eu-central-1");
        assertFalse(off.deploys(DASHBOARD), "Dashboard off deploys no dashboard");
        assertFalse(off.variant().condition(off.resolved().at("/Outputs/DashboardUrl/Condition").asText()), "nor its output");
        assertEquals(template.at("/Resources/" + DASHBOARD + "/Condition"), output.get("Condition"), "one condition for both");
    }

    /**
     * A resource that exists only under a condition is named only where that condition holds: inside a resource or output
     * of the same condition, or in the true branch of an Fn::If on it. Otherwise the stack fails to deploy in the
     * variant without it (the keeping function's resources without KeepBucket, the dashboard turned off).
     */
    @Test
    void everyConditionalResourceIsNamedOnlyUnderItsCondition() {
        Map<String, String> conditionOf = new TreeMap<>();
        template.get("Resources").properties().forEach(resource -> {
            if (resource.getValue().has("Condition")) {
                conditionOf.put(resource.getKey(), resource.getValue().get("Condition").asText());
            }
        });
        assertTrue(conditionOf.keySet().containsAll(Set.of("KeepVideoFunction", "KeepingFaultsAlarm", DASHBOARD)), conditionOf.toString());
        List<String> unguarded = new ArrayList<>();
        for (String section : List.of("Resources", "Outputs")) {
            template.get(section).properties().forEach(entry -> {
                Set<String> holding = new HashSet<>();
                if (entry.getValue().has("Condition")) {
                    holding.add(entry.getValue().get("Condition").asText());
                }
                named(entry.getValue(), holding, (name, held) -> {
                    String condition = conditionOf.get(name);
                    if (condition != null && !held.contains(condition)) {
                        unguarded.add(section + "/" + entry.getKey() + " names " + name + " outside " + condition);
                    }
                });
            });
        }
        assertEquals(List.of(), unguarded);
    }

    private interface Naming {
        void name(String resource, Set<String> holding);
    }

    /** Calls {@code naming} with each name a Ref, Fn::GetAtt or Fn::Sub uses under {@code node}, and the conditions known to hold there. */
    private static void named(JsonNode node, Set<String> holding, Naming naming) {
        if (node.isArray()) {
            node.forEach(element -> named(element, holding, naming));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.size() == 1 && node.has("Fn::If")) {
            JsonNode branches = node.get("Fn::If");
            Set<String> more = new HashSet<>(holding);
            more.add(branches.get(0).asText());
            named(branches.get(1), more, naming);
            named(branches.get(2), holding, naming);
            return;
        }
        if (node.size() == 1 && node.has("Ref")) {
            naming.name(node.get("Ref").asText().split("\\.")[0], holding);
            return;
        }
        if (node.size() == 1 && node.has("Fn::GetAtt")) {
            naming.name(node.get("Fn::GetAtt").get(0).asText(), holding);
            return;
        }
        if (node.size() == 1 && node.has("Fn::Sub")) {
            JsonNode arguments = node.get("Fn::Sub");
            Set<String> variables = new HashSet<>();
            if (arguments.isArray()) {
                arguments.get(1).fieldNames().forEachRemaining(variables::add);
                named(arguments.get(1), holding, naming);
            }
            Matcher variable = SUB_VARIABLE.matcher(arguments.isArray() ? arguments.get(0).asText() : arguments.asText());
            while (variable.find()) {
                String name = variable.group(1).split("\\.")[0];
                if (!name.startsWith("!") && !variables.contains(name)) {
                    naming.name(name, holding);
                }
            }
            return;
        }
        node.properties().forEach(field -> {
            if (!field.getKey().equals("Condition")) {
                named(field.getValue(), holding, naming);
            }
        });
    }

    /** The dashboard's body, every Fn::Sub variable substituted as in {@code values}'s deployment. */
    private static String body(StackValues values) {
        assertTrue(values.deploys(DASHBOARD), "the dashboard is deployed");
        return values.evaluate(values.resolved().at("/Resources/" + DASHBOARD + "/Properties/DashboardBody"));
    }

    /** The rows of a metrics array, with "." written out: CloudWatch reads it as the value above in the same place. */
    private static List<JsonNode> rows(JsonNode metrics) {
        List<JsonNode> rows = new ArrayList<>();
        JsonNode previous = null;
        for (JsonNode row : metrics) {
            if (previous != null && row.isArray()) {
                ArrayNode written = row.deepCopy();
                for (int i = 0; i < written.size() && i < previous.size(); i++) {
                    if (written.get(i).isTextual() && written.get(i).asText().equals(".")) {
                        written.set(i, previous.get(i));
                    }
                }
                row = written;
            }
            rows.add(row);
            previous = row;
        }
        return rows;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(more);
        return all;
    }
}
