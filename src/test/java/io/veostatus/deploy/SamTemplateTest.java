package io.veostatus.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.UpstreamCallConfig;

/**
 * template.yaml against AWS's SAM schema (src/test/resources/sam, see SOURCES.md), and the checks a
 * schema cannot make: references that resolve, substitutions the state machine needs, and settings
 * that fit the native package and the function's own retries.
 */
class SamTemplateTest {

    static final Path TEMPLATE = Path.of("template.yaml");
    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Set<String> XRAY_WRITES = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "xray:GetSamplingRules", "xray:GetSamplingTargets");
    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = CloudFormationYaml.read(TEMPLATE);
    }

    @Test
    void theTemplateIsValidAgainstTheSamSchema() throws IOException {
        JsonNode schemaDocument;
        try (InputStream in = SamTemplateTest.class.getClassLoader().getResourceAsStream("sam/sam.schema.json")) {
            schemaDocument = new ObjectMapper().readTree(in);
        }
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaDocument);
        Set<ValidationMessage> problems = schema.validate(template);
        assertEquals(Set.of(), problems, "template.yaml against the SAM schema");
        // The short-form tags were read as intrinsic functions, not as strings.
        assertEquals("VeoStatusFunction", template.at("/Resources/PollVideoStateMachine/Properties/DefinitionSubstitutions"
                + "/VeoStatusFunctionArn/Fn::GetAtt/0").asText());
    }

    @Test
    void everyReferenceNamesAParameterResourceOrPseudoParameter() {
        Set<String> known = new TreeSet<>(PSEUDO_PARAMETERS);
        template.path("Parameters").fieldNames().forEachRemaining(known::add);
        template.path("Resources").fieldNames().forEachRemaining(known::add);
        Set<String> resources = new TreeSet<>();
        template.path("Resources").fieldNames().forEachRemaining(resources::add);

        Set<String> unknown = new TreeSet<>();
        visit(template, (key, value) -> {
            switch (key) {
                case "Ref" -> {
                    if (!known.contains(value.asText())) {
                        unknown.add("Ref " + value.asText());
                    }
                }
                case "Fn::GetAtt" -> {
                    if (!resources.contains(value.get(0).asText())) {
                        unknown.add("GetAtt " + value.get(0).asText());
                    }
                }
                case "Fn::Sub" -> {
                    String text = value.isArray() ? value.get(0).asText() : value.asText();
                    Set<String> local = new TreeSet<>();
                    if (value.isArray()) {
                        value.get(1).fieldNames().forEachRemaining(local::add);
                    }
                    Matcher variable = SUB_VARIABLE.matcher(text);
                    while (variable.find()) {
                        String name = variable.group(1).split("\\.")[0];
                        if (!known.contains(name) && !local.contains(name)) {
                            unknown.add("${" + variable.group(1) + "}");
                        }
                    }
                }
                default -> {
                }
            }
        });
        assertEquals(Set.of(), unknown, "references to nothing in template.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = { "PollVideoStateMachine", "PollVideosStateMachine" })
    void everySubstitutionTheStateMachineUsesIsProvided(String stateMachine) throws IOException {
        JsonNode machine = template.at("/Resources/" + stateMachine + "/Properties");
        Path definition = Path.of(machine.get("DefinitionUri").asText());
        assertTrue(Files.exists(definition), "DefinitionUri " + definition + " exists");
        Set<String> used = new TreeSet<>();
        Matcher placeholder = SUB_VARIABLE.matcher(Files.readString(definition, StandardCharsets.UTF_8));
        while (placeholder.find()) {
            used.add(placeholder.group(1));
        }
        Set<String> provided = new TreeSet<>();
        machine.path("DefinitionSubstitutions").fieldNames().forEachRemaining(provided::add);
        assertEquals(Set.of("VeoStatusFunctionArn", "KeepVideosOfTasks", "KeepVideoFunctionArn"), used, "placeholders in " + definition);
        assertEquals(used, provided, "DefinitionSubstitutions for " + definition);
        assertEquals("VeoStatusFunction", machine.at("/DefinitionSubstitutions/VeoStatusFunctionArn/Fn::GetAtt/0").asText());
        // Keeping on: every task id matches; off: the value the keeping-off test runs the machine with.
        JsonNode keeping = machine.at("/DefinitionSubstitutions/KeepVideosOfTasks/Fn::If");
        assertEquals("KeepVideos", keeping.get(0).asText());
        assertEquals("*", keeping.get(1).asText());
        assertEquals(io.veostatus.statemachine.KeepingSubstitutions.OFF.get("KeepVideosOfTasks"), keeping.get(2).asText());
        JsonNode function = machine.at("/DefinitionSubstitutions/KeepVideoFunctionArn/Fn::If");
        assertEquals("KeepVideoFunction", function.at("/1/Fn::GetAtt/0").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = { "PollVideoStateMachine", "PollVideosStateMachine" })
    void eachStateMachineLogsToItsOwnLogGroup(String stateMachine) {
        JsonNode machine = template.at("/Resources/" + stateMachine + "/Properties");
        assertEquals("STANDARD", machine.get("Type").asText());
        assertEquals("ERROR", machine.at("/Logging/Level").asText());
        assertEquals(false, machine.at("/Logging/IncludeExecutionData").asBoolean(true), "no task data in the logs");
        String logGroup = machine.at("/Logging/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn/Fn::GetAtt/0").asText();
        assertEquals(stateMachine + "LogGroup", logGroup);
        JsonNode group = template.at("/Resources/" + logGroup);
        assertEquals("AWS::Logs::LogGroup", group.get("Type").asText());
        assertEquals("LogRetentionDays", group.at("/Properties/RetentionInDays/Ref").asText());
        // Step Functions can only deliver logs to a group under /aws/vendedlogs/ without a resource policy per group.
        assertTrue(group.at("/Properties/LogGroupName/Fn::Sub").asText().startsWith("/aws/vendedlogs/states/"));
    }

    @Test
    void theFunctionIsDeployedAsTheNativePackageBuildsIt() throws IOException {
        JsonNode function = template.at("/Resources/VeoStatusFunction/Properties");
        // quarkus-amazon-lambda's native build writes target/function.zip with the executable as bootstrap,
        // which only the OS-only runtimes run.
        assertEquals("target/function.zip", function.get("CodeUri").asText());
        assertEquals("provided.al2023", function.get("Runtime").asText());
        assertEquals("true", function.at("/Environment/Variables/DISABLE_SIGNAL_HANDLERS").asText());
        assertEquals("Architecture", function.at("/Architectures/0/Ref").asText());
        assertEquals(Set.of("x86_64", "arm64"), strings(template.at("/Parameters/Architecture/AllowedValues")));
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        assertTrue(pom.contains("<quarkus.native.enabled>true</quarkus.native.enabled>"), "the native profile builds natively");
        assertTrue(pom.contains("<artifactId>quarkus-amazon-lambda</artifactId>"), "the Lambda extension packages function.zip");
        // The variables the function reads.
        assertEquals("VeoApiBaseUrl", function.at("/Environment/Variables/VEO_API_BASE_URL/Ref").asText());
        assertEquals("VeoApiKeySecretArn", function.at("/Environment/Variables/VEO_API_KEY_SECRET_ID/Ref").asText());
    }

    @Test
    void theTimeoutCoversTheFunctionsOwnRetries() {
        UpstreamCallConfig calls = ConfigDefaults.of(UpstreamCallConfig.class);
        long worstCaseMillis = (calls.maxRetries() + 1) * calls.attemptTimeout().toMillis() + calls.reserve().toMillis();
        long delay = calls.retryDelay().toMillis();
        for (int retry = 0; retry < calls.maxRetries(); retry++) {
            worstCaseMillis += Math.min(calls.retryMaxDelay().toMillis(), delay << retry) + calls.retryJitter().toMillis();
        }
        // A first read of the secret through the extension: its connect and read timeouts.
        worstCaseMillis += 1000 + 3000;
        long timeoutMillis = template.at("/Resources/VeoStatusFunction/Properties/Timeout").asLong() * 1000;
        assertTrue(timeoutMillis >= worstCaseMillis, "Timeout " + timeoutMillis + " ms < worst case " + worstCaseMillis + " ms");
    }

    @Test
    void permissionsAreNoBroaderThanNeeded() {
        JsonNode statement = template.at("/Resources/VeoStatusFunction/Properties/Policies/0/Statement/0");
        assertEquals("secretsmanager:GetSecretValue", statement.get("Action").asText());
        assertEquals("VeoApiKeySecretArn", statement.at("/Resource/Ref").asText(), "only the one secret");
        for (String stateMachine : List.of("PollVideoStateMachine", "PollVideosStateMachine")) {
            JsonNode invoke = template.at("/Resources/" + stateMachine + "/Properties/Policies/0/Statement/0");
            assertEquals("lambda:InvokeFunction", invoke.get("Action").asText());
            assertEquals("VeoStatusFunction", invoke.at("/Resource/Fn::GetAtt/0").asText(), "only this function");
            for (JsonNode allowed : statements(stateMachine)) {
                if (allowed.get("Resource").asText().equals("*")) {
                    // Only what AWS documents as unable to name a resource: log delivery and X-Ray's writes.
                    actions(allowed).forEach(action -> assertTrue(action.startsWith("logs:") || XRAY_WRITES.contains(action),
                            stateMachine + " may " + action + " on every resource"));
                }
            }
        }
        assertEquals("AWS_IAM", template.at("/Resources/VeoStatusHttpApi/Properties/Auth/DefaultAuthorizer").asText());
        assertEquals(Set.of("ApiUrl", "BatchStateMachineArn", "FunctionArn", "StateMachineArn"), fieldNames(template.get("Outputs")));
        for (JsonNode allowed : statements("VeoStatusFunction")) {
            actions(allowed).forEach(action -> assertFalse(action.startsWith("s3:"), "the status function may " + action));
        }
    }

    /**
     * The keeping function exists only when KeepBucket is set, runs the keeping handler of the same package, and
     * may put and get objects under the prefix of that one bucket, and nothing else of S3.
     */
    @Test
    void theKeepingFunctionIsOptionalAndMayWriteOnlyUnderItsPrefix() {
        assertEquals("", template.at("/Parameters/KeepBucket/Default").asText(), "keeping is off by default");
        assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"KeepBucket\"},\"\"]}]}",
                template.at("/Conditions/KeepVideos").toString());
        for (String resource : List.of("KeepVideoFunction", "KeepVideoFunctionLogGroup", "KeepingFaultsMetricFilter",
                "KeepingFaultsAlarm")) {
            assertEquals("KeepVideos", template.at("/Resources/" + resource + "/Condition").asText(), resource);
        }
        JsonNode function = template.at("/Resources/KeepVideoFunction/Properties");
        assertEquals(template.at("/Resources/VeoStatusFunction/Properties/CodeUri"), function.get("CodeUri"), "the same package");
        assertEquals(io.veostatus.keep.KeepVideoHandler.NAME, function.at("/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText());
        assertEquals("KeepBucket", function.at("/Environment/Variables/VEO_KEEP_BUCKET/Ref").asText());
        assertEquals("KeepPrefix", function.at("/Environment/Variables/VEO_KEEP_PREFIX/Ref").asText());
        Set<String> s3Actions = new TreeSet<>();
        for (JsonNode allowed : statements("KeepVideoFunction")) {
            List<String> actions = actions(allowed);
            if (actions.stream().anyMatch(action -> action.startsWith("s3:"))) {
                s3Actions.addAll(actions);
                assertEquals("arn:${AWS::Partition}:s3:::${KeepBucket}/${KeepPrefix}*", allowed.at("/Resource/Fn::Sub").asText(),
                        "S3 on the bucket's prefix only");
            }
        }
        assertEquals(Set.of("s3:PutObject", "s3:GetObject"), s3Actions);
        // A prefix with a wildcard in it would widen the permission beyond the prefix.
        String prefixPattern = template.at("/Parameters/KeepPrefix/AllowedPattern").asText();
        assertFalse("veo*/".matches(prefixPattern) || "veo?/".matches(prefixPattern), prefixPattern);
        assertTrue("veo/".matches(prefixPattern) && "".matches(prefixPattern), prefixPattern);
        assertTrue(function.get("Timeout").asInt() >= 3 * 60, "two copies of up to 60 s each, their retry and the checks");
        assertEquals("PollVideosStateMachine", template.at("/Outputs/BatchStateMachineArn/Value/Ref").asText());
    }

    /**
     * A Distributed Map starts its children as executions of its own state machine, and describes and
     * stops them: the batch may do that to its own executions and to nothing else in Step Functions.
     */
    @Test
    void theBatchMayStartDescribeAndStopOnlyItsOwnExecutions() {
        String name = template.at("/Resources/PollVideosStateMachine/Properties/Name/Fn::Sub").asText();
        String states = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:";
        Map<String, Set<String>> resourcesOfAction = new TreeMap<>();
        for (JsonNode allowed : statements("PollVideosStateMachine")) {
            assertEquals("Allow", allowed.get("Effect").asText());
            Set<String> resources = new TreeSet<>();
            JsonNode resource = allowed.get("Resource");
            (resource.isArray() ? resource : JsonNodeFactory.instance.arrayNode().add(resource))
                    .forEach(r -> resources.add(r.has("Fn::Sub") ? r.get("Fn::Sub").asText() : r.toString()));
            actions(allowed).stream().filter(action -> action.startsWith("states:"))
                    .forEach(action -> resourcesOfAction.computeIfAbsent(action, a -> new TreeSet<>()).addAll(resources));
        }
        assertEquals(Map.of(
                "states:StartExecution", Set.of(states + "stateMachine:" + name),
                "states:DescribeExecution", Set.of(states + "execution:" + name + ":*", states + "execution:" + name + "/*"),
                "states:StopExecution", Set.of(states + "execution:" + name + ":*", states + "execution:" + name + "/*")),
                resourcesOfAction);
        assertEquals("${AWS::StackName}-poll-videos", name);
        assertEquals("DISTRIBUTED", readBatchDefinition().at("/States/PollEveryTask/ItemProcessor/ProcessorConfig/Mode").asText(),
                "the permissions are those of a Distributed Map");
    }

    private static List<JsonNode> statements(String resource) {
        List<JsonNode> statements = new ArrayList<>();
        template.at("/Resources/" + resource + "/Properties/Policies")
                .forEach(policy -> policy.path("Statement").forEach(statements::add));
        return statements;
    }

    private static List<String> actions(JsonNode statement) {
        List<String> actions = new ArrayList<>();
        JsonNode action = statement.get("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    private static JsonNode readBatchDefinition() {
        try {
            return new ObjectMapper().readTree(Path.of(template.at("/Resources/PollVideosStateMachine/Properties/DefinitionUri")
                    .asText()).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Visitor {
        void visit(String key, JsonNode value);
    }

    private static void visit(JsonNode node, Visitor visitor) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                visitor.visit(field.getKey(), field.getValue());
                visit(field.getValue(), visitor);
            }
        } else if (node.isArray()) {
            node.forEach(element -> visit(element, visitor));
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
