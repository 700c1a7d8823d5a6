package io.veostatus.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.error.Outcome;
import io.veostatus.taskstatus.TaskState;
import io.veostatus.telemetry.EmfMetrics;

/**
 * The template's logging, tracing and alarms: JSON logs with Lambda's level controls, X-Ray on the functions
 * and the state machines, and alarms built only on what the functions and the state machine report (by
 * metric name, namespace and dimension), never on Lambda's raw Errors of a function that throws on purpose.
 */
class SamObservabilityTest {

    /** The outcomes of the callback function's registrations and fallback notes (Registrar, CallbackHandler). */
    static final Set<String> REGISTRATION_OUTCOMES = Set.of("WAITING", "ENDED", "FALLBACK");

    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = CloudFormationYaml.read(SamTemplateTest.TEMPLATE);
    }

    @ParameterizedTest
    @ValueSource(strings = { "VeoStatusFunction", "KeepVideoFunction", "VeoCallbackFunction" })
    void eachFunctionLogsJsonAtTheLevelsOfItsParametersToItsOwnGroup(String function) {
        JsonNode logging = template.at("/Resources/" + function + "/Properties/LoggingConfig");
        assertEquals("JSON", logging.get("LogFormat").asText());
        assertEquals("ApplicationLogLevel", logging.at("/ApplicationLogLevel/Ref").asText());
        assertEquals("SystemLogLevel", logging.at("/SystemLogLevel/Ref").asText());
        assertEquals("INFO", template.at("/Parameters/ApplicationLogLevel/Default").asText());
        assertEquals("WARN", template.at("/Parameters/SystemLogLevel/Default").asText());
        // The summary line, which carries the metrics, is at INFO: a higher application level would drop it.
        Set<String> levels = new TreeSet<>();
        template.at("/Parameters/ApplicationLogLevel/AllowedValues").forEach(level -> levels.add(level.asText()));
        assertEquals(Set.of("TRACE", "DEBUG", "INFO"), levels);
        JsonNode variables = template.at("/Resources/" + function + "/Properties/Environment/Variables");
        assertEquals("AWS::StackName", variables.at("/VEO_TELEMETRY_SERVICE_NAME/Ref").asText());
        assertEquals("MetricsNamespace", variables.at("/VEO_TELEMETRY_METRICS_NAMESPACE/Ref").asText());
        String group = logging.at("/LogGroup/Ref").asText();
        assertEquals(function + "LogGroup", group);
        assertEquals("LogRetentionDays", template.at("/Resources/" + group + "/Properties/RetentionInDays/Ref").asText());
        String groupName = template.at("/Resources/" + group + "/Properties/LogGroupName/Fn::Sub").asText();
        assertTrue(groupName.startsWith("/aws/lambda/${AWS::StackName}-veo-"), groupName);
    }

    /**
     * Each HTTP API logs each request as one JSON object to a log group of its own, kept as long as the others: the
     * request id, the caller's IP, the route's key (its template, not the path), the status, the latency and API
     * Gateway's own error with the function, and nothing a caller's credentials could be in (a header, the query string,
     * the path: the callback API's path may end in the URL secret).
     */
    @ParameterizedTest
    @ValueSource(strings = { "VeoStatusHttpApi", "CallbackHttpApi" })
    void eachHttpApiLogsEachRequestWithoutHeadersQueryStringsOrPath(String api) throws IOException {
        JsonNode access = template.at("/Resources/" + api + "/Properties/AccessLogSettings");
        String group = access.at("/DestinationArn/Fn::GetAtt/0").asText();
        assertEquals("Arn", access.at("/DestinationArn/Fn::GetAtt/1").asText());
        JsonNode logGroup = template.at("/Resources/" + group);
        assertEquals("AWS::Logs::LogGroup", logGroup.path("Type").asText(), group);
        assertEquals("LogRetentionDays", logGroup.at("/Properties/RetentionInDays/Ref").asText());
        assertTrue(logGroup.at("/Properties/LogGroupName/Fn::Sub").asText().startsWith("/aws/vendedlogs/apigateway/"),
                "a vended-logs group, which needs no resource policy of its own");

        String format = access.get("Format").asText();
        assertFalse(format.contains("$context.path"), api + " logs the path, where a URL secret may be: " + format);
        JsonNode line = new ObjectMapper().readTree(format);
        Set<String> fields = new TreeSet<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertTrue(fields.containsAll(Set.of("requestId", "ip", "routeKey", "status", "latency", "integrationError")),
                fields.toString());
        Set<String> variables = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$context\\.([A-Za-z.]+)").matcher(format);
        while (variable.find()) {
            variables.add(variable.group(1));
        }
        assertEquals(fields.size(), variables.size(), "one variable per field: " + format);
        // Only these: no header ($context.requestHeader...), query string or path, and no authorizer's claims.
        assertEquals(Set.of("requestId", "identity.sourceIp", "requestTime", "routeKey", "status", "responseLatency",
                "integrationErrorMessage"), variables, format);
    }

    @Test
    void everyFunctionAndStateMachineIsTraced() {
        Set<String> functions = resourcesOfType("AWS::Serverless::Function").keySet();
        assertEquals(Set.of("VeoStatusFunction", "KeepVideoFunction", "VeoCallbackFunction"), functions);
        functions.forEach(function -> assertEquals("Active", template.at("/Resources/" + function + "/Properties/Tracing").asText(),
                function));
        Set<String> stateMachines = resourcesOfType("AWS::Serverless::StateMachine").keySet();
        assertEquals(Set.copyOf(SamTemplateTest.STATE_MACHINES), stateMachines);
        stateMachines.forEach(stateMachine -> assertTrue(template.at("/Resources/" + stateMachine + "/Properties/Tracing/Enabled")
                .asBoolean(), stateMachine));
    }

    @Test
    void everyAlarmWatchesAMetricThatIsWritten() throws ClassNotFoundException {
        Set<String> outcomes = new TreeSet<>();
        Stream.of(TaskState.values()).forEach(state -> outcomes.add(state.name()));
        Stream.of(Outcome.values()).forEach(outcome -> outcomes.add(outcome.metricName()));
        outcomes.addAll(REGISTRATION_OUTCOMES);
        outcomes.addAll(callbackAnswers());
        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        assertTrue(alarms.keySet().containsAll(Set.of("ApiKeyRefusedAlarm", "UpstreamUnavailableAlarm",
                "FunctionThrottlesAlarm", "PollingFaultsAlarm", "CallbackFaultsAlarm", "CallbacksRejectedAlarm")),
                alarms.keySet().toString());
        String callbackAlias = template.at("/Resources/VeoCallbackFunction/Properties/AutoPublishAlias").asText();
        for (Map.Entry<String, JsonNode> alarm : alarms.entrySet()) {
            JsonNode properties = alarm.getValue().get("Properties");
            String name = alarm.getKey();
            String metric = properties.get("MetricName").asText();
            Map<String, String> dimensions = new TreeMap<>();
            properties.path("Dimensions").forEach(d -> dimensions.put(d.get("Name").asText(),
                    d.get("Value").isTextual() ? d.get("Value").asText() : d.get("Value").toString()));
            JsonNode namespace = properties.get("Namespace");
            if (namespace.isTextual() && namespace.asText().equals("AWS/Lambda") && metric.equals("Errors")) {
                // Only the callback function's, which throws nothing on purpose: the Errors of the alias every caller
                // uses, by the dimensions Lambda gives an alias's metrics (the function's name, and name:alias).
                assertEquals("CallbackFaultsAlarm", name, name + " is built on Lambda's raw Errors");
                assertEquals(Map.of("FunctionName", "{\"Ref\":\"VeoCallbackFunction\"}",
                        "Resource", "{\"Fn::Sub\":\"${VeoCallbackFunction}:" + callbackAlias + "\"}"), dimensions, name);
                continue;
            }
            if (namespace.isTextual() && namespace.asText().equals("AWS/Lambda")) {
                assertEquals(Map.of("FunctionName", "{\"Ref\":\"VeoStatusFunction\"}"), dimensions, name);
                continue;
            }
            assertEquals("MetricsNamespace", namespace.at("/Ref").asText(), name + " reads the function's namespace");
            if (metric.equals("PollingFaults") || metric.equals("KeepingFaults")) {
                assertTrue(dimensions.isEmpty(), name);
                continue;
            }
            assertTrue(EmfMetrics.METRICS.contains(metric), name + " watches " + metric + ", which the function does not write");
            assertEquals(Set.copyOf(EmfMetrics.DIMENSIONS), dimensions.keySet(), name + ": the metrics' one dimension set");
            assertEquals("{\"Ref\":\"AWS::StackName\"}", dimensions.get(EmfMetrics.SERVICE), name);
            assertTrue(outcomes.contains(dimensions.get(EmfMetrics.OUTCOME)),
                    name + " watches Outcome " + dimensions.get(EmfMetrics.OUTCOME) + ", which the function never reports");
        }
    }

    /**
     * Rejected callbacks: more than a stray request or two in 5 minutes (Callbacks with Outcome REJECTED), such as the
     * vendor's callbacks refused for a key that is not the vendor's.
     */
    @Test
    void theRejectedCallbacksAlarmCountsCallbacksThatProvedNothing() {
        JsonNode alarm = template.at("/Resources/CallbacksRejectedAlarm/Properties");
        assertEquals(EmfMetrics.CALLBACKS, alarm.get("MetricName").asText());
        assertEquals("REJECTED", alarm.at("/Dimensions/1/Value").asText());
        assertEquals(EmfMetrics.OUTCOME, alarm.at("/Dimensions/1/Name").asText());
        assertEquals(List.of("Sum", "300", "1", "GreaterThanThreshold"), List.of(alarm.get("Statistic").asText(),
                alarm.get("Period").asText(), alarm.get("EvaluationPeriods").asText(), alarm.get("ComparisonOperator").asText()));
        assertTrue(alarm.get("Threshold").asInt() >= 1, "a single stray request does not fire it");
        assertEquals("notBreaching", alarm.get("TreatMissingData").asText(), "no callbacks is no rejection");
        JsonNode faults = template.at("/Resources/CallbackFaultsAlarm/Properties");
        assertEquals(List.of("Sum", "300", "GreaterThanOrEqualToThreshold", "notBreaching"), List.of(faults.get("Statistic").asText(),
                faults.get("Period").asText(), faults.get("ComparisonOperator").asText(), faults.get("TreatMissingData").asText()));
    }

    @Test
    void thePollingFaultsAreTheStateMachinesOwnFailNames() throws IOException {
        JsonNode filter = template.at("/Resources/PollingFaultsMetricFilter/Properties");
        assertEquals("PollVideoStateMachineLogGroup", filter.at("/LogGroupName/Ref").asText());
        assertEquals("PollingFaults", filter.at("/MetricTransformations/0/MetricName").asText());
        Set<String> counted = new TreeSet<>();
        Matcher error = Pattern.compile("\\$\\.details\\.error = \"([^\"]+)\"").matcher(filter.get("FilterPattern").asText());
        while (error.find()) {
            counted.add(error.group(1));
        }
        assertEquals(Set.of("VeoStatus.PollingFailed", "VeoStatus.UpstreamAuth", "VeoStatus.UpstreamUnavailable",
                "VeoStatus.ApiKeyUnavailable"), counted);
        JsonNode loop = new ObjectMapper().readTree(Path.of("statemachine/poll-video.asl.json").toFile());
        List<String> failNames = new ArrayList<>();
        loop.get("States").forEach(state -> {
            if ("Fail".equals(state.path("Type").asText()) && state.has("Error")) {
                failNames.add(state.get("Error").asText());
            }
        });
        assertTrue(failNames.containsAll(counted), "the state machine fails with " + failNames + ", the filter counts " + counted);
        assertFalse(counted.contains("VeoStatus.GenerationFailed"), "a failed video is the user's, not a fault");
    }

    @Test
    void alarmsNotifyTheTopicOnlyWhenOneIsGiven() {
        assertEquals("", template.at("/Parameters/AlarmTopicArn/Default").asText());
        for (JsonNode alarm : resourcesOfType("AWS::CloudWatch::Alarm").values()) {
            for (String actions : List.of("AlarmActions", "OKActions")) {
                JsonNode choice = alarm.at("/Properties/" + actions + "/Fn::If");
                assertEquals("NotifyAlarms", choice.get(0).asText());
                assertEquals("AlarmTopicArn", choice.at("/1/0/Ref").asText());
                assertEquals("AWS::NoValue", choice.at("/2/Ref").asText());
            }
        }
    }

    /** Every Fail state only keeping reaches is a KeepingFault: a video lost to the user, whatever the reason. */
    @Test
    void theKeepingFaultsAreEveryFailStateOnlyKeepingReaches() throws IOException {
        JsonNode filter = template.at("/Resources/KeepingFaultsMetricFilter/Properties");
        Set<String> counted = new TreeSet<>();
        Matcher error = Pattern.compile("\\$\\.details\\.error = \"([^\"]+)\"").matcher(filter.get("FilterPattern").asText());
        while (error.find()) {
            counted.add(error.group(1));
        }
        JsonNode states = new ObjectMapper().readTree(Path.of("statemachine/poll-video.asl.json").toFile()).get("States");
        Set<String> polling = new TreeSet<>();
        states.get("CheckStatus").get("Catch").forEach(caught -> polling.add(caught.get("Next").asText()));
        Set<String> keepingOnly = new TreeSet<>();
        states.get("KeepVideo").get("Catch").forEach(caught -> {
            String next = caught.get("Next").asText();
            if (!polling.contains(next)) {
                keepingOnly.add(states.get(next).get("Error").asText());
            }
        });
        assertTrue(keepingOnly.contains("VeoStatus.SourceRefused"), keepingOnly.toString());
        assertEquals(keepingOnly, counted, "KeepingFaultsMetricFilter counts the Fail states only keeping reaches");
        String description = template.at("/Resources/KeepingFaultsAlarm/Properties/AlarmDescription").asText();
        keepingOnly.forEach(name -> assertTrue(description.contains(name.replace("VeoStatus.", "")), description + " names " + name));
    }

    /**
     * The outcomes of the vendor's callbacks: the constants of the callback package's own CallbackAnswer, which names
     * them for the Callbacks metric (read by name: it is that package's, not public).
     */
    private static Set<String> callbackAnswers() throws ClassNotFoundException {
        Set<String> answers = new TreeSet<>();
        for (Object answer : Class.forName("io.veostatus.callback.CallbackAnswer").getEnumConstants()) {
            answers.add(((Enum<?>) answer).name());
        }
        assertTrue(answers.contains("REJECTED"), answers.toString());
        return answers;
    }

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        template.get("Resources").properties().forEach(resource -> {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue());
            }
        });
        return found;
    }
}
