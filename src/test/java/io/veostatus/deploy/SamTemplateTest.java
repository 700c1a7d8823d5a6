package io.veostatus.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;

import io.veostatus.callback.CallbackHandler;
import io.veostatus.config.ApiBaseUrl;
import io.veostatus.config.CallbackConfig;
import io.veostatus.config.ConfigDefaults;
import io.veostatus.config.ConfigSettings;
import io.veostatus.config.UpstreamCallConfig;
import io.veostatus.docs.Pages;
import io.veostatus.keep.KeepVideoHandler;
import io.veostatus.statemachine.KeepingSubstitutions;

/**
 * template.yaml against AWS's SAM schema (src/test/resources/sam, see SOURCES.md), and the checks a
 * schema cannot make: references that resolve, substitutions the state machine needs, settings that fit
 * each packaging and the function's own retries, the routes docs/api.md documents, and CORS. The
 * template deploys in variants (Packaging native or jvm, CORS on or off): each check runs on what the
 * variant it concerns really deploys, with its conditions evaluated ({@link TemplateVariant}).
 */
class SamTemplateTest {

    static final Path TEMPLATE = Path.of("template.yaml");
    /** Real layer ARNs (us-east-1, AWS's own publishing account), for the variants and the pattern. */
    static final String X86_LAYER = "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12";
    static final String ARM_LAYER = "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12";
    static final Map<String, String> NATIVE = Map.of("Packaging", "native", "ParametersSecretsExtensionLayerArn", X86_LAYER);
    static final Map<String, String> JVM = Map.of("Packaging", "jvm");
    static final String FUNCTION = "/Resources/VeoStatusFunction/Properties";
    static final List<String> STATE_MACHINES = List.of("PollVideoStateMachine", "PollVideosStateMachine", "AwaitVideoStateMachine");
    static final String CALLBACK = "/Resources/VeoCallbackFunction/Properties";
    /** Both callback secrets given, as a deployment that offers both proofs has them. */
    static final Map<String, String> CALLBACK_SECRETS = Map.of(
            "CallbackHmacKeySecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/callback-hmac-AbCdEf",
            "CallbackUrlSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:veo/callback-url-GhIjKl");
    /**
     * Where template.yaml's CodeUris point: a folder no build writes. The build's copy for sam deploy names
     * target/jvm/ or target/native/ there, the packages of the packaging it built (DeployTemplateIT).
     */
    static final String NO_PACKAGE = "target/jvm-or-native/";

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    /** The callback table's ARN and the await machine's, as the callback function's grants name them. */
    private static final String GET_ATT_TABLE = "{\"Fn::GetAtt\":[\"CallbackTable\",\"Arn\"]}";
    private static final String AWAIT_MACHINE_ARN =
            "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-await-video";
    private static final Set<String> XRAY_WRITES = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "xray:GetSamplingRules", "xray:GetSamplingTargets");
    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = CloudFormationYaml.read(TEMPLATE);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("native", NATIVE),
                Arguments.of("jvm", JVM),
                Arguments.of("native, arm64, CORS on", Map.of("Packaging", "native", "Architecture", "arm64",
                        "ParametersSecretsExtensionLayerArn", ARM_LAYER, "CorsAllowedOrigins", "https://app.example.com")),
                Arguments.of("jvm, CORS on for any origin", Map.of("Packaging", "jvm", "CorsAllowedOrigins", "*")),
                Arguments.of("native, both callback secrets, table recovery on", with(with(NATIVE, CALLBACK_SECRETS),
                        Map.of("CallbackTablePointInTimeRecovery", "on"))),
                Arguments.of("jvm, both callback secrets", with(JVM, CALLBACK_SECRETS)));
    }

    static Stream<Arguments> packagings() {
        return Stream.of(Arguments.of("native", NATIVE), Arguments.of("jvm", JVM));
    }

    @Test
    void theTemplateIsValidAgainstTheSamSchema() throws IOException {
        assertEquals(Set.of(), samSchema().validate(template), "template.yaml against the SAM schema");
        // The short-form tags were read as intrinsic functions, not as strings.
        assertEquals("VeoStatusFunction.Alias",
                template.at("/Resources/PollVideoStateMachine/Properties/DefinitionSubstitutions/VeoStatusFunctionArn/Ref").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVariantIsValidAgainstTheSamSchema(String name, Map<String, String> parameters) throws IOException {
        TemplateVariant variant = TemplateVariant.of(template, parameters);
        assertEquals(Set.of(), samSchema().validate(variant.resolved()), name + " as deployed, against the SAM schema");
        assertTrue(variant.rules().values().stream().allMatch(accepted -> accepted), name + " passes the template's rules");
        assertEquals(Map.of(), variant.refusals(), name + ": every parameter value is accepted");
    }

    /**
     * What CloudFormation refuses of the parameters before it creates anything ({@link TemplateVariant#refusals}), which
     * DeployTemplateIT relies on to show the other packaging refused by the template the build writes.
     */
    @Test
    void aValueOutsideAParametersConstraintsIsRefused() {
        Map<String, String> refused = TemplateVariant.of(template, Map.of("Packaging", "graalvm", "LogRetentionDays", "31",
                "ParametersSecretsExtensionLayerArn", "arn:aws:lambda:us-east-1:177933569100:layer:SomethingElse:1")).refusals();
        assertEquals(Set.of("Packaging", "LogRetentionDays", "ParametersSecretsExtensionLayerArn"), refused.keySet(), refused.toString());
        assertTrue(refused.get("Packaging").contains("'graalvm' is not one of AllowedValues [native, jvm]"), refused.get("Packaging"));
    }

    @Test
    void everyReferenceNamesAParameterResourceOrPseudoParameter() {
        Set<String> known = new TreeSet<>(PSEUDO_PARAMETERS);
        template.path("Parameters").fieldNames().forEachRemaining(known::add);
        template.path("Resources").fieldNames().forEachRemaining(known::add);
        Set<String> resources = new TreeSet<>();
        template.path("Resources").fieldNames().forEachRemaining(resources::add);
        // SAM's generated alias: MyFunction.Alias names the alias of a function with AutoPublishAlias.
        template.path("Resources").properties().forEach(resource -> {
            if (resource.getValue().at("/Properties/AutoPublishAlias").isTextual()) {
                known.add(resource.getKey() + ".Alias");
            }
        });
        Set<String> conditions = new TreeSet<>();
        template.path("Conditions").fieldNames().forEachRemaining(conditions::add);

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
                case "Fn::If", "Condition" -> {
                    String condition = value.isArray() ? value.get(0).asText() : value.asText();
                    if (!conditions.contains(condition)) {
                        unknown.add("condition " + condition);
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
    @ValueSource(strings = { "PollVideoStateMachine", "PollVideosStateMachine", "AwaitVideoStateMachine" })
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
        Set<String> expected = new TreeSet<>(Set.of("VeoStatusFunctionArn", "KeepVideosOfTasks", "KeepVideoFunctionArn"));
        if (stateMachine.equals("AwaitVideoStateMachine")) {
            // The registration's function (its alias, as every caller uses) and the wait for the callback.
            expected.addAll(Set.of("VeoCallbackFunctionArn", "CallbackTimeoutSeconds"));
            assertEquals("VeoCallbackFunction.Alias", machine.at("/DefinitionSubstitutions/VeoCallbackFunctionArn/Ref").asText());
            assertEquals("CallbackTimeoutSeconds", machine.at("/DefinitionSubstitutions/CallbackTimeoutSeconds/Ref").asText());
        }
        assertEquals(expected, used, "placeholders in " + definition);
        assertEquals(used, provided, "DefinitionSubstitutions for " + definition);
        assertEquals("VeoStatusFunction.Alias", machine.at("/DefinitionSubstitutions/VeoStatusFunctionArn/Ref").asText());
        // Keeping on: every task id matches; off: the value the keeping-off tests run the machine with.
        JsonNode keeping = machine.at("/DefinitionSubstitutions/KeepVideosOfTasks/Fn::If");
        assertEquals("KeepVideos", keeping.get(0).asText());
        assertEquals("*", keeping.get(1).asText());
        assertEquals(KeepingSubstitutions.OFF.get("KeepVideosOfTasks"), keeping.get(2).asText());
        JsonNode function = machine.at("/DefinitionSubstitutions/KeepVideoFunctionArn/Fn::If");
        assertEquals("KeepVideos", function.get(0).asText());
        assertEquals("KeepVideoFunction.Alias", function.at("/1/Ref").asText());
        assertEquals(KeepingSubstitutions.OFF.get("KeepVideoFunctionArn"), function.get(2).asText());
    }

    @ParameterizedTest
    @ValueSource(strings = { "PollVideoStateMachine", "PollVideosStateMachine", "AwaitVideoStateMachine" })
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
    void theNativePackageIsDeployedAsTheNativeBuildMakesIt() throws IOException {
        JsonNode function = TemplateVariant.of(template, NATIVE).resolved().at(FUNCTION);
        // quarkus-amazon-lambda's native build writes function.zip with the executable as bootstrap, which only the
        // OS-only runtimes run; the build's template for sam deploy names it (DeployTemplateIT).
        assertEquals(NO_PACKAGE + "function.zip", function.get("CodeUri").asText());
        assertEquals("provided.al2023", function.get("Runtime").asText());
        assertEquals("true", function.at("/Environment/Variables/DISABLE_SIGNAL_HANDLERS").asText());
        assertFalse(function.has("SnapStart"), "SnapStart is for the managed Java runtimes");
        // The key through the extension layer, from the one secret, re-read at once after a 401.
        assertEquals("ParametersSecretsExtensionLayerArn", function.at("/Layers/0/Ref").asText());
        assertEquals(1, function.get("Layers").size());
        assertEquals("VeoApiKeySecretArn", function.at("/Environment/Variables/VEO_API_KEY_SECRET_ID/Ref").asText());
        assertEquals("0", function.at("/Environment/Variables/SECRETS_MANAGER_TTL").asText());
        assertFalse(function.at("/Environment/Variables").has("VEO_API_KEY"));
        assertEquals("Architecture", function.at("/Architectures/0/Ref").asText());
        assertEquals(Set.of("x86_64", "arm64"), strings(template.at("/Parameters/Architecture/AllowedValues")));
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        assertTrue(pom.contains("<quarkus.native.enabled>true</quarkus.native.enabled>"), "the native profile builds natively");
        assertTrue(pom.contains("<artifactId>quarkus-amazon-lambda</artifactId>"), "the Lambda extension packages function.zip");
    }

    @Test
    void theJvmPackageIsDeployedAsPackagedFunctionItRunsIt() throws IOException {
        JsonNode function = TemplateVariant.of(template, JVM).resolved().at(FUNCTION);
        assertEquals(NO_PACKAGE + "function.zip", function.get("CodeUri").asText());
        // PackagedFunctionIT runs the JVM function.zip with this handler (it reads it from the template), so the
        // handler must be a stream handler method the managed Java runtime can call.
        String[] handler = function.get("Handler").asText().split("::");
        assertDoesNotThrow(() -> Class.forName(handler[0]).getMethod(handler[1], java.io.InputStream.class,
                java.io.OutputStream.class, com.amazonaws.services.lambda.runtime.Context.class), function.get("Handler").asText());
        String runtime = function.get("Runtime").asText();
        assertTrue(runtime.matches("java\\d+"), runtime + " is a managed Java runtime");
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher release = Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>").matcher(pom);
        assertTrue(release.find());
        assertTrue(Integer.parseInt(runtime.substring(4)) >= Integer.parseInt(release.group(1)),
                runtime + " runs classes compiled for Java " + release.group(1));
        assertEquals("PublishedVersions", function.at("/SnapStart/ApplyOn").asText(), "cold starts restore a snapshot");
        // Without the extension (it cannot authenticate in a SnapStart function): the key itself, resolved
        // by CloudFormation from the same secret, and no permission to read secrets at run time.
        assertFalse(function.has("Layers"));
        assertFalse(function.at("/Environment/Variables").has("DISABLE_SIGNAL_HANDLERS"), "a native-image setting");
        assertFalse(function.at("/Environment/Variables").has("VEO_API_KEY_SECRET_ID"));
        assertEquals("{{resolve:secretsmanager:${VeoApiKeySecretArn}}}",
                function.at("/Environment/Variables/VEO_API_KEY/Fn::Sub").asText());
        assertFalse(function.has("Policies") && function.get("Policies").size() > 0, "no run-time secret permission");
        assertTrue(function.get("MemorySize").asInt() > TemplateVariant.of(template, NATIVE).resolved().at(FUNCTION)
                .get("MemorySize").asInt(), "the JVM gets more memory than the native process");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packagings")
    void everyCallerUsesThePublishedAlias(String name, Map<String, String> parameters) {
        JsonNode resolved = TemplateVariant.of(template, parameters).resolved();
        assertEquals("live", resolved.at(FUNCTION + "/AutoPublishAlias").asText());
        for (String stateMachine : STATE_MACHINES) {
            JsonNode machine = resolved.at("/Resources/" + stateMachine + "/Properties");
            assertEquals("VeoStatusFunction.Alias", machine.at("/DefinitionSubstitutions/VeoStatusFunctionArn/Ref").asText(),
                    stateMachine + " calls the alias");
            assertEquals("VeoStatusFunction.Alias", machine.at("/Policies/0/Statement/0/Resource/Ref").asText(),
                    stateMachine + " may invoke the alias it calls");
        }
        assertEquals("VeoStatusFunction.Alias", resolved.at("/Outputs/FunctionArn/Value/Ref").asText());
        assertEquals(NO_PACKAGE + "function.zip", resolved.at(FUNCTION + "/CodeUri").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packagings")
    void theTimeoutCoversTheFunctionsOwnRetries(String name, Map<String, String> parameters) {
        UpstreamCallConfig calls = ConfigDefaults.of(UpstreamCallConfig.class);
        long worstCaseMillis = (calls.maxRetries() + 1) * calls.attemptTimeout().toMillis() + calls.reserve().toMillis();
        long delay = calls.retryDelay().toMillis();
        for (int retry = 0; retry < calls.maxRetries(); retry++) {
            worstCaseMillis += Math.min(calls.retryMaxDelay().toMillis(), delay << retry) + calls.retryJitter().toMillis();
        }
        // A first read of the secret through the extension: its connect and read timeouts.
        worstCaseMillis += 1000 + 3000;
        long timeoutMillis = TemplateVariant.of(template, parameters).resolved().at(FUNCTION + "/Timeout").asLong() * 1000;
        assertTrue(timeoutMillis >= worstCaseMillis, "Timeout " + timeoutMillis + " ms < worst case " + worstCaseMillis + " ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packagings")
    void permissionsAreNoBroaderThanNeeded(String name, Map<String, String> parameters) {
        JsonNode resolved = TemplateVariant.of(template, parameters).resolved();
        JsonNode policies = resolved.at(FUNCTION + "/Policies");
        if (parameters.equals(NATIVE)) {
            assertEquals(1, policies.size());
            JsonNode statement = policies.at("/0/Statement/0");
            assertEquals("secretsmanager:GetSecretValue", statement.get("Action").asText());
            assertEquals("VeoApiKeySecretArn", statement.at("/Resource/Ref").asText(), "only the one secret");
        } else {
            assertTrue(policies.isMissingNode() || policies.isEmpty(), "the JVM function reads no secret itself");
        }
        for (String stateMachine : STATE_MACHINES) {
            JsonNode invoke = resolved.at("/Resources/" + stateMachine + "/Properties/Policies/0/Statement/0");
            assertEquals("lambda:InvokeFunction", invoke.get("Action").asText());
            assertEquals("VeoStatusFunction.Alias", invoke.at("/Resource/Ref").asText(), "only this function's alias");
            assertEquals(stateMachine.equals("AwaitVideoStateMachine") ? Set.of("VeoStatusFunction.Alias", "VeoCallbackFunction.Alias")
                    : Set.of("VeoStatusFunction.Alias"), invoked(resolved, stateMachine), stateMachine + " may invoke (keeping off)");
            for (JsonNode allowed : statements(stateMachine)) {
                if (allowed.get("Resource").asText().equals("*")) {
                    // Only what AWS documents as unable to name a resource: log delivery and X-Ray's writes.
                    actions(allowed).forEach(action -> assertTrue(action.startsWith("logs:") || XRAY_WRITES.contains(action),
                            stateMachine + " may " + action + " on every resource"));
                }
            }
        }
        for (JsonNode allowed : statements(resolved, "VeoStatusFunction")) {
            actions(allowed).forEach(action -> assertFalse(action.startsWith("s3:") || action.startsWith("dynamodb:")
                    || action.startsWith("states:"), "the status function may " + action));
        }
        // The callback function: its four item operations on its own table, the await machine's tokens, and natively the
        // Veo API key (no callback secret is given here).
        Map<String, Set<String>> callback = new TreeMap<>(Map.of(
                "dynamodb:PutItem", Set.of(GET_ATT_TABLE), "dynamodb:Query", Set.of(GET_ATT_TABLE),
                "dynamodb:DeleteItem", Set.of(GET_ATT_TABLE), "dynamodb:UpdateItem", Set.of(GET_ATT_TABLE),
                "states:SendTaskSuccess", Set.of(AWAIT_MACHINE_ARN), "states:SendTaskFailure", Set.of(AWAIT_MACHINE_ARN)));
        if (parameters.equals(NATIVE)) {
            callback.put("secretsmanager:GetSecretValue", Set.of("VeoApiKeySecretArn"));
        }
        assertEquals(callback, resourcesOfActions(statements(resolved, "VeoCallbackFunction")), "the callback function's grants");
        assertEquals("AWS_IAM", resolved.at("/Resources/VeoStatusHttpApi/Properties/Auth/DefaultAuthorizer").asText());
        assertEquals(Set.of("ApiUrl", "ApiInvokeArn", "AwaitStateMachineArn", "BatchStateMachineArn", "CallbackUrl", "DashboardUrl",
                "FunctionArn", "StateMachineArn"), fieldNames(resolved.get("Outputs")));
        assertEquals("PollVideosStateMachine", resolved.at("/Outputs/BatchStateMachineArn/Value/Ref").asText());
        assertEquals("AwaitVideoStateMachine", resolved.at("/Outputs/AwaitStateMachineArn/Value/Ref").asText());
        // The URL to give the vendor, without any secret: a URL secret is the deployer's to append.
        assertEquals("https://${CallbackHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/callback",
                resolved.at("/Outputs/CallbackUrl/Value/Fn::Sub").asText());
        assertEquals("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${VeoStatusHttpApi}/*",
                resolved.at("/Outputs/ApiInvokeArn/Value/Fn::Sub").asText(), "the policy resource covers the API's routes only");
    }

    static Stream<Arguments> keepingOn() {
        return Stream.of(Arguments.of("native", with(NATIVE, Map.of("KeepBucket", "videos.example-team"))),
                Arguments.of("jvm", with(JVM, Map.of("KeepBucket", "videos.example-team", "KeepPrefix", ""))));
    }

    /**
     * The keeping function exists only when KeepBucket is set, runs the keeping handler of the same package as
     * the status function, may put and get objects under the prefix of that one bucket and nothing else of S3,
     * and is called by both state machines through its alias.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("keepingOn")
    void theKeepingFunctionIsOptionalAndMayWriteOnlyUnderItsPrefix(String name, Map<String, String> parameters) throws IOException {
        assertEquals("", template.at("/Parameters/KeepBucket/Default").asText(), "keeping is off by default");
        TemplateVariant variant = TemplateVariant.of(template, parameters);
        assertTrue(variant.condition("KeepVideos"));
        assertFalse(TemplateVariant.of(template, NATIVE).condition("KeepVideos"), "no KeepBucket, no keeping");
        for (String resource : List.of("KeepVideoFunction", "KeepVideoFunctionLogGroup", "KeepingFaultsMetricFilter",
                "KeepingFaultsAlarm")) {
            assertEquals("KeepVideos", template.at("/Resources/" + resource + "/Condition").asText(), resource);
        }
        JsonNode resolved = variant.resolved();
        assertEquals(Set.of(), samSchema().validate(resolved), name + " with keeping on, against the SAM schema");
        JsonNode function = resolved.at("/Resources/KeepVideoFunction/Properties");
        JsonNode status = resolved.at(FUNCTION);
        for (String same : List.of("Runtime", "Handler", "Architectures", "Layers")) {
            assertEquals(status.get(same), function.get(same), "the status function's runtime: " + same);
        }
        // Its own package, which the build writes beside the status function's (the pom's keep-function build);
        // KeepFunctionIT starts what the build's template for sam deploy names here.
        assertEquals(NO_PACKAGE + "keep/function.zip", function.get("CodeUri").asText());
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        assertTrue(pom.contains("<buildDir>${project.build.directory}/keep</buildDir>"), "the keeping function's build");
        assertEquals("live", function.get("AutoPublishAlias").asText());
        assertFalse(function.has("SnapStart"), "the keeping function reads Lambda's credentials from its environment");
        assertEquals(KeepVideoHandler.NAME, function.at("/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText());
        assertFalse(status.at("/Environment/Variables").has("QUARKUS_LAMBDA_HANDLER"), "the status function runs the default handler");
        assertEquals("KeepBucket", function.at("/Environment/Variables/VEO_KEEP_BUCKET/Ref").asText());
        assertEquals("KeepPrefix", function.at("/Environment/Variables/VEO_KEEP_PREFIX/Ref").asText());
        // S3 refuses the calls when the bucket is not the stack's account's.
        assertEquals("AWS::AccountId", function.at("/Environment/Variables/VEO_KEEP_EXPECTED_BUCKET_OWNER/Ref").asText());
        for (String key : List.of("VEO_API_KEY", "VEO_API_KEY_SECRET_ID", "SECRETS_MANAGER_TTL", "DISABLE_SIGNAL_HANDLERS")) {
            assertEquals(status.at("/Environment/Variables").get(key), function.at("/Environment/Variables").get(key),
                    "the Veo API key as the status function reads it: " + key);
        }
        Set<String> s3Actions = new TreeSet<>();
        for (JsonNode allowed : statements(resolved, "KeepVideoFunction")) {
            List<String> actions = actions(allowed);
            if (actions.stream().anyMatch(action -> action.startsWith("s3:"))) {
                s3Actions.addAll(actions);
                assertEquals("arn:${AWS::Partition}:s3:::${KeepBucket}/${KeepPrefix}*", allowed.at("/Resource/Fn::Sub").asText(),
                        "S3 on the bucket's prefix only");
            } else {
                assertEquals(List.of("secretsmanager:GetSecretValue"), actions, "S3 and, natively, the one secret");
                assertEquals("VeoApiKeySecretArn", allowed.at("/Resource/Ref").asText());
            }
        }
        assertEquals(Set.of("s3:PutObject", "s3:GetObject"), s3Actions);
        for (String stateMachine : STATE_MACHINES) {
            JsonNode machine = resolved.at("/Resources/" + stateMachine + "/Properties");
            assertEquals("*", machine.at("/DefinitionSubstitutions/KeepVideosOfTasks").asText(), "every succeeded task is kept");
            assertEquals("KeepVideoFunction.Alias", machine.at("/DefinitionSubstitutions/KeepVideoFunctionArn/Ref").asText());
            assertEquals("KeepVideoFunction.Alias", machine.at("/Policies/1/Statement/0/Resource/Ref").asText(),
                    stateMachine + " may invoke the keeping function's alias");
        }
        // A prefix with a wildcard in it would widen the permission beyond the prefix.
        String prefixPattern = template.at("/Parameters/KeepPrefix/AllowedPattern").asText();
        assertFalse("veo*/".matches(prefixPattern) || "veo?/".matches(prefixPattern), prefixPattern);
        assertTrue("veo/".matches(prefixPattern) && "".matches(prefixPattern), prefixPattern);
        assertTrue(function.get("Timeout").asInt() >= 3 * 60, "two copies of up to 60 s each, their retry and the checks");
    }

    /**
     * The keeping function's S3 permission, as IAM reads its resource (a pattern where '*' is any run of characters):
     * for every KeepPrefix the template accepts, it covers the objects the function writes under that folder and no
     * object of a sibling folder whose name starts the same ({@code veo/} and {@code veo-private/}); the empty prefix is
     * the whole bucket. A prefix that is not a folder ending in '/' is refused before anything is deployed.
     */
    @ParameterizedTest(name = "KeepPrefix \"{0}\"")
    @ValueSource(strings = { "veo/", "videos/veo/", "", "veo", "videos/veo", "v" })
    void theKeepingGrantCoversItsFolderAndNoSiblingFolder(String prefix) {
        String bucket = "videos.example-team";
        if (!allowedPattern("KeepPrefix").matcher(prefix).matches()) {
            // Refused by CloudFormation with the parameter's ConstraintDescription; nothing else to check.
            assertFalse(prefix.isEmpty() || prefix.endsWith("/"), "a folder is refused: " + prefix);
            assertTrue(template.at("/Parameters/KeepPrefix/ConstraintDescription").asText().contains("ends in /"));
            return;
        }
        JsonNode resolved = TemplateVariant.of(template, with(NATIVE, Map.of("KeepBucket", bucket, "KeepPrefix", prefix)))
                .resolved();
        List<String> granted = new ArrayList<>();
        for (JsonNode allowed : statements(resolved, "KeepVideoFunction")) {
            if (actions(allowed).stream().anyMatch(action -> action.startsWith("s3:"))) {
                granted.add(allowed.at("/Resource/Fn::Sub").asText().replace("${AWS::Partition}", "aws")
                        .replace("${KeepBucket}", bucket).replace("${KeepPrefix}", prefix));
            }
        }
        assertEquals(1, granted.size(), granted.toString());
        String resource = granted.get(0);
        String task = "3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7";
        for (String written : List.of(task + "/0.mp4", task + "/0-1080p.mp4")) {
            assertTrue(coveredBy(resource, "arn:aws:s3:::" + bucket + "/" + prefix + written), resource + " covers " + written);
        }
        if (prefix.isEmpty()) {
            assertEquals("arn:aws:s3:::" + bucket + "/*", resource, "the bucket's root: the whole bucket");
        } else {
            String folder = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            for (String sibling : List.of(folder + "-private/secret.mp4", folder + "2/" + task + "/0.mp4", folder)) {
                assertFalse(coveredBy(resource, "arn:aws:s3:::" + bucket + "/" + sibling), resource + " covers " + sibling);
            }
            assertEquals("arn:aws:s3:::" + bucket + "/" + prefix + "*", resource);
        }
    }

    /** Whether an IAM resource pattern ('*' any characters, '?' one) covers {@code arn}. */
    private static boolean coveredBy(String pattern, String arn) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return arn.matches(regex.toString());
    }

    /**
     * Every route of the HTTP API is throttled by the two parameters, before a request reaches the function: each is a
     * record-info call on the account's key and a Lambda instance for about a second. The defaults stay within the only
     * per-key figure published for status checks (10 per second, docs/step-functions.md, "Upstream load").
     */
    @Test
    void everyRouteOfTheHttpApiIsThrottledByItsParameters() {
        JsonNode route = template.at("/Resources/VeoStatusHttpApi/Properties/DefaultRouteSettings");
        assertEquals("HttpApiThrottlingRateLimit", route.at("/ThrottlingRateLimit/Ref").asText());
        assertEquals("HttpApiThrottlingBurstLimit", route.at("/ThrottlingBurstLimit/Ref").asText());
        JsonNode rate = template.at("/Parameters/HttpApiThrottlingRateLimit");
        JsonNode burst = template.at("/Parameters/HttpApiThrottlingBurstLimit");
        for (JsonNode parameter : List.of(rate, burst)) {
            assertEquals("Number", parameter.get("Type").asText());
            assertTrue(parameter.get("MinValue").asInt() >= 1, "a limit of 0 would refuse every request");
            assertTrue(parameter.get("Default").asInt() <= parameter.get("MaxValue").asInt());
        }
        assertTrue(rate.get("Default").asDouble() <= 10, "the default rate is within 10 record-info calls a second");
        assertTrue(burst.get("Default").asInt() >= rate.get("Default").asInt(), "a burst of at least a second's rate");
        // API Gateway's own limits for an account's HTTP APIs in a region: 10,000 a second, bursts of 5,000.
        assertTrue(rate.get("MaxValue").asInt() <= 10_000 && burst.get("MaxValue").asInt() <= 5_000);
    }

    /** Keeping off (the default): the state machines name no keeping function and may invoke only the status function. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("packagings")
    void keepingOffNamesNoKeepingFunction(String name, Map<String, String> parameters) {
        JsonNode resolved = TemplateVariant.of(template, parameters).resolved();
        for (String stateMachine : STATE_MACHINES) {
            JsonNode machine = resolved.at("/Resources/" + stateMachine + "/Properties");
            assertEquals(KeepingSubstitutions.OFF, Map.of(
                    "KeepVideosOfTasks", machine.at("/DefinitionSubstitutions/KeepVideosOfTasks").asText(),
                    "KeepVideoFunctionArn", machine.at("/DefinitionSubstitutions/KeepVideoFunctionArn").asText()));
            Set<String> allowed = stateMachine.equals("AwaitVideoStateMachine")
                    ? Set.of("VeoStatusFunction.Alias", "VeoCallbackFunction.Alias") : Set.of("VeoStatusFunction.Alias");
            assertEquals(allowed, invoked(resolved, stateMachine), stateMachine);
        }
    }

    /**
     * The keeping function's source hosts come from KeepSourceHosts, empty by default (any public host); the settings
     * that let tests reach plain http or a private address are never the template's.
     */
    @Test
    void theSourceHostsAreAParameterAndNothingUnsafeIsSet() {
        JsonNode variables = template.at("/Resources/KeepVideoFunction/Properties/Environment/Variables");
        assertEquals("KeepSourceHosts", variables.at("/VEO_KEEP_SOURCE_HOSTS/Ref").asText());
        assertEquals("", template.at("/Parameters/KeepSourceHosts/Default").asText());
        Pattern hosts = allowedPattern("KeepSourceHosts");
        for (String good : List.of("", "tempfile.aiquickdraw.com", "tempfile.aiquickdraw.com,file.aiquickdraw.com")) {
            assertTrue(hosts.matcher(good).matches(), good);
        }
        for (String bad : List.of("https://tempfile.aiquickdraw.com", "tempfile.aiquickdraw.com, file.aiquickdraw.com",
                "tempfile.aiquickdraw.com:443", "*.aiquickdraw.com", ",")) {
            assertFalse(hosts.matcher(bad).matches(), bad);
        }
        assertFalse(variables.has("VEO_KEEP_ALLOW_HTTP_SOURCES"), "plain http is for tests only");
        assertFalse(variables.has("VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES"), "private sources are for tests only");
    }

    /**
     * The callback function runs as the keeping function does (the status function's runtime, its own package, its own
     * handler, no SnapStart, the alias), reads the Veo API key as the other two, and is told its table and how long an
     * execution waits for a callback.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("packagings")
    void theCallbackFunctionRunsFromItsOwnPackageWithItsOwnHandler(String name, Map<String, String> parameters) {
        JsonNode resolved = TemplateVariant.of(template, parameters).resolved();
        JsonNode function = resolved.at(CALLBACK);
        JsonNode status = resolved.at(FUNCTION);
        assertFalse(template.at("/Resources/VeoCallbackFunction").has("Condition"), "every stack has the callback function");
        for (String same : List.of("Runtime", "Handler", "Architectures", "Layers")) {
            assertEquals(status.get(same), function.get(same), "the status function's runtime: " + same);
        }
        assertEquals(NO_PACKAGE + "callback/function.zip", function.get("CodeUri").asText());
        assertEquals("live", function.get("AutoPublishAlias").asText());
        assertFalse(function.has("SnapStart"), "the AWS SDK's clients read Lambda's credentials from the environment");
        JsonNode variables = function.at("/Environment/Variables");
        assertEquals(CallbackHandler.NAME, variables.at("/QUARKUS_LAMBDA_HANDLER").asText());
        for (String key : List.of("VEO_API_KEY", "VEO_API_KEY_SECRET_ID", "SECRETS_MANAGER_TTL", "DISABLE_SIGNAL_HANDLERS",
                "VEO_API_BASE_URL", "VEO_TELEMETRY_SERVICE_NAME", "VEO_TELEMETRY_METRICS_NAMESPACE")) {
            assertEquals(status.at("/Environment/Variables").get(key), variables.get(key), "as the status function has it: " + key);
        }
        assertEquals("CallbackTable", variables.at("/VEO_CALLBACK_TABLE/Ref").asText());
        assertEquals("CallbackTimeoutSeconds", variables.at("/VEO_CALLBACK_AWAIT/Ref").asText());
        JsonNode wait = template.at("/Parameters/CallbackTimeoutSeconds");
        assertEquals(List.of("Number", "600", "60", "86400"), List.of(wait.get("Type").asText(), wait.get("Default").asText(),
                wait.get("MinValue").asText(), wait.get("MaxValue").asText()));
        // The parameter is a number, which the function reads as seconds: the same wait as the state machine's.
        for (String seconds : List.of("Default", "MinValue", "MaxValue")) {
            assertEquals(Duration.ofSeconds(wait.get(seconds).asLong()), ConfigDefaults.of(CallbackConfig.class,
                    Map.of("veo.callback.await", wait.get(seconds).asText())).await(), seconds);
        }
        // The vendor gives up on a callback after 15 s; the function answers within its own margin of that.
        assertEquals(20, function.get("Timeout").asInt());
        assertTrue(function.get("MemorySize").asInt() <= template.at("/Resources/KeepVideoFunction/Properties/MemorySize").asInt(),
                "no more memory than the keeping function");
        assertEquals("VeoCallbackFunctionLogGroup", function.at("/LoggingConfig/LogGroup/Ref").asText());
    }

    /**
     * Every VEO_ variable the template sets on a function is a setting the code reads (a name the code does not know
     * would be ignored without a word, and its value with it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVeoVariableTheTemplateSetsIsASettingTheCodeReads(String name, Map<String, String> parameters) {
        Map<String, ConfigSettings.Setting> settings = ConfigSettings.byEnvironmentVariable();
        JsonNode resolved = TemplateVariant.of(template, with(parameters, Map.of("KeepBucket", "videos.example-team"))).resolved();
        Set<String> unread = new TreeSet<>();
        int set = 0;
        for (String function : List.of("VeoStatusFunction", "KeepVideoFunction", "VeoCallbackFunction")) {
            for (String variable : fieldNames(resolved.at("/Resources/" + function + "/Properties/Environment/Variables"))) {
                if (variable.startsWith("VEO_")) {
                    set++;
                    if (!settings.containsKey(variable)) {
                        unread.add(function + " " + variable);
                    }
                }
            }
        }
        assertTrue(set >= 15, "the functions' variables were read: " + set);
        assertEquals(Set.of(), unread, name + ": variables no @ConfigMapping reads");
    }

    static Stream<Arguments> callbackSecrets() {
        Map<String, String> hmac = Map.of("CallbackHmacKeySecretArn", CALLBACK_SECRETS.get("CallbackHmacKeySecretArn"));
        Map<String, String> url = Map.of("CallbackUrlSecretArn", CALLBACK_SECRETS.get("CallbackUrlSecretArn"));
        return Stream.of(Arguments.of("native, none", NATIVE), Arguments.of("native, HMAC key", with(NATIVE, hmac)),
                Arguments.of("native, URL secret", with(NATIVE, url)), Arguments.of("native, both", with(NATIVE, CALLBACK_SECRETS)),
                Arguments.of("jvm, none", JVM), Arguments.of("jvm, HMAC key", with(JVM, hmac)),
                Arguments.of("jvm, URL secret", with(JVM, url)), Arguments.of("jvm, both", with(JVM, CALLBACK_SECRETS)));
    }

    /**
     * Each callback secret reaches the function only when its parameter is given, as the Veo API key does: native names
     * the secret (read through the extension, which the function may then read and no other), jvm gets its value from
     * CloudFormation (and may read no secret itself).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("callbackSecrets")
    void eachCallbackSecretReachesTheFunctionOnlyWhenGiven(String name, Map<String, String> parameters) {
        assertEquals("", template.at("/Parameters/CallbackHmacKeySecretArn/Default").asText());
        assertEquals("", template.at("/Parameters/CallbackUrlSecretArn/Default").asText());
        boolean jvm = parameters.get("Packaging").equals("jvm");
        JsonNode function = TemplateVariant.of(template, parameters).resolved();
        JsonNode variables = function.at(CALLBACK + "/Environment/Variables");
        Set<String> secretVariables = new TreeSet<>();
        variables.fieldNames().forEachRemaining(variable -> {
            if (variable.startsWith("VEO_CALLBACK_HMAC_KEY") || variable.startsWith("VEO_CALLBACK_URL_SECRET")) {
                secretVariables.add(variable);
            }
        });
        Set<String> expected = new TreeSet<>();
        Set<String> readable = new TreeSet<>(jvm ? Set.of() : Set.of("VeoApiKeySecretArn"));
        for (Map.Entry<String, String> secret : Map.of("CallbackHmacKeySecretArn", "VEO_CALLBACK_HMAC_KEY",
                "CallbackUrlSecretArn", "VEO_CALLBACK_URL_SECRET").entrySet()) {
            if (!parameters.containsKey(secret.getKey())) {
                continue;
            }
            if (jvm) {
                expected.add(secret.getValue());
                assertEquals("{{resolve:secretsmanager:${" + secret.getKey() + "}}}",
                        variables.at("/" + secret.getValue() + "/Fn::Sub").asText(), name);
            } else {
                expected.add(secret.getValue() + "_SECRET_ID");
                assertEquals(secret.getKey(), variables.at("/" + secret.getValue() + "_SECRET_ID/Ref").asText(), name);
                readable.add(secret.getKey());
            }
        }
        assertEquals(expected, secretVariables, name);
        Set<String> granted = resourcesOfActions(statements(function, "VeoCallbackFunction"))
                .getOrDefault("secretsmanager:GetSecretValue", Set.of());
        assertEquals(readable, granted, name + ": the secrets the function may read itself");
    }

    /**
     * The callback function may answer the await machine's task tokens and no other state machine's: the ARN it is
     * granted names the machine's own fixed Name (a !Ref to the machine would make a circular dependency).
     */
    @Test
    void theCallbackFunctionMayAnswerOnlyTheAwaitMachinesTokens() {
        JsonNode machine = template.at("/Resources/AwaitVideoStateMachine/Properties");
        String name = machine.at("/Name/Fn::Sub").asText();
        assertEquals("${AWS::StackName}-await-video", name);
        Map<String, Set<String>> states = new TreeMap<>(resourcesOfActions(statements("VeoCallbackFunction")));
        states.keySet().removeIf(action -> !action.startsWith("states:"));
        String arn = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:" + name;
        assertEquals(Map.of("states:SendTaskSuccess", Set.of(arn), "states:SendTaskFailure", Set.of(arn)), states);
        assertEquals("STANDARD", machine.get("Type").asText(), "a waitForTaskToken task waits up to a year only in a Standard machine");
    }

    /** No resource depends on itself through others: CloudFormation refuses such a template before it creates anything. */
    @Test
    void noResourceDependsOnItself() {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        template.get("Resources").properties().forEach(resource -> {
            Set<String> named = new TreeSet<>();
            visit(resource.getValue(), (key, value) -> {
                switch (key) {
                    case "Ref" -> named.add(value.asText().split("\\.")[0]);
                    case "Fn::GetAtt" -> named.add(value.get(0).asText());
                    case "Fn::Sub" -> {
                        Matcher variable = SUB_VARIABLE.matcher(value.isArray() ? value.get(0).asText() : value.asText());
                        while (variable.find()) {
                            named.add(variable.group(1).split("\\.")[0]);
                        }
                    }
                    case "DependsOn" -> (value.isArray() ? value : JsonNodeFactory.instance.arrayNode().add(value))
                            .forEach(other -> named.add(other.asText()));
                    default -> {
                    }
                }
            });
            named.retainAll(fieldNames(template.get("Resources")));
            dependencies.put(resource.getKey(), named);
        });
        for (String start : dependencies.keySet()) {
            List<String> path = cycleFrom(start, start, dependencies, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(List.of(), path, start + " depends on itself");
        }
    }

    /** A path of dependencies from {@code at} back to {@code start}, or empty when there is none. */
    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> dependencies, List<String> path,
            Set<String> seen) {
        for (String next : dependencies.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, dependencies, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    /**
     * The callback API is open (the vendor cannot sign its requests for AWS), routes only the vendor's two POSTs to the
     * callback function, and is throttled by its own two parameters; the HTTP API of the status function keeps IAM.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theCallbackApiIsOpenThrottledAndRoutesOnlyTheCallbacks(String name, Map<String, String> parameters) {
        JsonNode resolved = TemplateVariant.of(template, parameters).resolved();
        JsonNode api = resolved.at("/Resources/CallbackHttpApi");
        assertEquals("AWS::Serverless::HttpApi", api.get("Type").asText());
        assertFalse(api.get("Properties").has("Auth"), "no authorizer: the vendor cannot sign its requests");
        assertFalse(api.get("Properties").has("CorsConfiguration"), "no browser calls back");
        assertEquals("AWS_IAM", resolved.at("/Resources/VeoStatusHttpApi/Properties/Auth/DefaultAuthorizer").asText());
        assertEquals(Set.of("POST /callback", "POST /callback/{secret}"), routes(resolved, "VeoCallbackFunction", "CallbackHttpApi"));
        for (String function : List.of("VeoStatusFunction", "KeepVideoFunction")) {
            assertEquals(Set.of(), routes(resolved, function, "CallbackHttpApi"), function + " is not reached from the open API");
        }
        assertEquals(Set.of(), routes(resolved, "VeoCallbackFunction", "VeoStatusHttpApi"));

        JsonNode route = api.at("/Properties/DefaultRouteSettings");
        assertEquals("CallbackThrottlingRateLimit", route.at("/ThrottlingRateLimit/Ref").asText());
        assertEquals("CallbackThrottlingBurstLimit", route.at("/ThrottlingBurstLimit/Ref").asText());
        JsonNode rate = template.at("/Parameters/CallbackThrottlingRateLimit");
        JsonNode burst = template.at("/Parameters/CallbackThrottlingBurstLimit");
        for (JsonNode parameter : List.of(rate, burst)) {
            assertEquals("Number", parameter.get("Type").asText());
            assertTrue(parameter.get("MinValue").asInt() >= 1, "a limit of 0 would refuse every callback");
            assertTrue(parameter.get("Default").asInt() <= parameter.get("MaxValue").asInt());
        }
        // Each callback may be a record-info call on the key the polls use: a modest share of its 10 a second.
        assertTrue(rate.get("Default").asDouble() <= 10 / 2.0, "the default rate leaves the polls most of the key's rate");
        assertTrue(burst.get("Default").asInt() >= rate.get("Default").asInt(), "a burst of at least a second's rate");
        assertTrue(rate.get("MaxValue").asInt() <= 10_000 && burst.get("MaxValue").asInt() <= 5_000);
    }

    /**
     * The callback table: on demand (its traffic follows the videos), keyed by task and entry, with DynamoDB's time to live
     * on expiresAt (a token no callback completed goes by itself), and point-in-time recovery only when asked for.
     * The SAM schema does not check an AWS::DynamoDB::Table's properties: this does.
     */
    @Test
    void theCallbackTableHoldsTokensUntilTheyExpireAndIsBilledPerRequest() {
        JsonNode table = template.at("/Resources/CallbackTable");
        assertEquals("AWS::DynamoDB::Table", table.get("Type").asText());
        JsonNode properties = TemplateVariant.of(template, NATIVE).resolved().at("/Resources/CallbackTable/Properties");
        assertEquals("PAY_PER_REQUEST", properties.get("BillingMode").asText());
        assertFalse(properties.has("ProvisionedThroughput"));
        Map<String, String> keys = new TreeMap<>();
        properties.get("KeySchema").forEach(key -> keys.put(key.get("AttributeName").asText(), key.get("KeyType").asText()));
        assertEquals(Map.of("taskId", "HASH", "entry", "RANGE"), keys);
        Map<String, String> attributes = new TreeMap<>();
        properties.get("AttributeDefinitions")
                .forEach(a -> attributes.put(a.get("AttributeName").asText(), a.get("AttributeType").asText()));
        assertEquals(Map.of("taskId", "S", "entry", "S"), attributes, "only key attributes may be defined");
        assertEquals("expiresAt", properties.at("/TimeToLiveSpecification/AttributeName").asText());
        assertTrue(properties.at("/TimeToLiveSpecification/Enabled").asBoolean(false));
        assertFalse(properties.has("TableName"), "CloudFormation names it, so that two stacks never share one");

        assertEquals("off", template.at("/Parameters/CallbackTablePointInTimeRecovery/Default").asText());
        assertEquals(Set.of("on", "off"), strings(template.at("/Parameters/CallbackTablePointInTimeRecovery/AllowedValues")));
        JsonNode recovery = properties.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled");
        assertTrue(recovery.isBoolean() && !recovery.asBoolean(), "off by default: " + recovery);
        assertTrue(TemplateVariant.of(template, with(NATIVE, Map.of("CallbackTablePointInTimeRecovery", "on"))).resolved()
                .at("/Resources/CallbackTable/Properties/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean(false));
    }

    /** The routes of {@code function}'s HttpApi events on {@code api}, as "METHOD path". */
    private static Set<String> routes(JsonNode template, String function, String api) {
        Set<String> routes = new TreeSet<>();
        template.at("/Resources/" + function + "/Properties/Events").forEach(event -> {
            if (event.path("Type").asText().equals("HttpApi") && event.at("/Properties/ApiId/Ref").asText().equals(api)) {
                routes.add(event.at("/Properties/Method").asText().toUpperCase() + " " + event.at("/Properties/Path").asText());
            }
        });
        return routes;
    }

    /** What the role of {@code stateMachine} may invoke: the resources of its lambda: statements, InvokeFunction only. */
    private static Set<String> invoked(JsonNode template, String stateMachine) {
        Map<String, Set<String>> lambda = new TreeMap<>(resourcesOfActions(statements(template, stateMachine)));
        lambda.keySet().removeIf(action -> !action.startsWith("lambda:"));
        assertEquals(Set.of("lambda:InvokeFunction"), lambda.keySet(), stateMachine);
        return lambda.get("lambda:InvokeFunction");
    }

    /**
     * Each action the statements allow, with the resources it is allowed on: a Ref's name, an Fn::Sub's text, or the JSON
     * of anything else. Every statement allows (none denies).
     */
    private static Map<String, Set<String>> resourcesOfActions(List<JsonNode> statements) {
        Map<String, Set<String>> resourcesOfAction = new TreeMap<>();
        for (JsonNode allowed : statements) {
            assertEquals("Allow", allowed.get("Effect").asText());
            Set<String> resources = new TreeSet<>();
            JsonNode resource = allowed.get("Resource");
            (resource.isArray() ? resource : JsonNodeFactory.instance.arrayNode().add(resource)).forEach(r -> resources.add(
                    r.has("Ref") ? r.get("Ref").asText() : r.has("Fn::Sub") ? r.get("Fn::Sub").asText() : r.toString()));
            actions(allowed).forEach(action -> resourcesOfAction.computeIfAbsent(action, a -> new TreeSet<>()).addAll(resources));
        }
        return resourcesOfAction;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(base);
        all.putAll(more);
        return all;
    }

    /**
     * Every route of the HTTP section of docs/api.md reaches the function (and HEAD beside each GET, as that
     * page promises), and nothing else does: API Gateway answers anything unrouted with its own 404.
     */
    @Test
    void everyDocumentedRouteIsRouted() {
        Set<String> documented = new TreeSet<>();
        Matcher route = Pattern.compile("`(GET|HEAD|POST) (/[^`?\\s]*)").matcher(documentedRouteTable());
        while (route.find()) {
            documented.add(route.group(1) + " " + route.group(2));
            if (route.group(1).equals("GET")) {
                documented.add("HEAD " + route.group(2));
            }
        }
        assertTrue(documented.contains("GET /tasks/{taskId}") && documented.contains("POST /tasks"),
                "the route table of " + Pages.API + " was read: " + documented);

        Set<String> routed = new TreeSet<>();
        template.at(FUNCTION + "/Events").forEach(event -> {
            assertEquals("HttpApi", event.get("Type").asText());
            assertEquals("VeoStatusHttpApi", event.at("/Properties/ApiId/Ref").asText());
            routed.add(event.at("/Properties/Method").asText().toUpperCase() + " " + event.at("/Properties/Path").asText());
        });
        assertEquals(documented, routed, "routes of the HTTP API against the HTTP section of " + Pages.API);
    }

    @Test
    void corsIsTheHttpApisOwnAndOffByDefault() {
        JsonNode off = TemplateVariant.of(template, NATIVE).resolved();
        assertFalse(off.at("/Resources/VeoStatusHttpApi/Properties").has("CorsConfiguration"), "no CORS by default");

        JsonNode on = TemplateVariant.of(template, Map.of("Packaging", "jvm", "CorsAllowedOrigins",
                "https://app.example.com,http://localhost:3000")).resolved();
        JsonNode cors = on.at("/Resources/VeoStatusHttpApi/Properties/CorsConfiguration");
        assertEquals("CorsAllowedOrigins", cors.at("/AllowOrigins/Fn::Split/1/Ref").asText());
        assertEquals(",", cors.at("/AllowOrigins/Fn::Split/0").asText());
        assertEquals(Set.of("GET", "HEAD", "POST"), strings(cors.get("AllowMethods")));
        // What a SigV4-signed request from a browser carries, and what a caller must be able to read.
        assertEquals(Set.of("authorization", "content-type", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"),
                strings(cors.get("AllowHeaders")));
        assertEquals(Set.of("retry-after"), strings(cors.get("ExposeHeaders")));
        assertTrue(cors.get("MaxAge").asInt() > 0);
        // The function's own CORS stays off: the HTTP API ignores it once its own is on.
        assertFalse(on.at(FUNCTION + "/Environment/Variables").has("VEO_HTTP_CORS_ALLOWED_ORIGINS"));
    }

    @Test
    void parametersRejectWrongValuesBeforeAnythingIsDeployed() {
        Pattern layer = allowedPattern("ParametersSecretsExtensionLayerArn");
        for (String good : List.of(X86_LAYER, ARM_LAYER, "",
                "arn:aws-cn:lambda:cn-north-1:287114880934:layer:AWS-Parameters-and-Secrets-Lambda-Extension:2")) {
            assertTrue(layer.matcher(good).matches(), good);
        }
        for (String bad : List.of("arn:aws:lambda:us-east-1:<aws-account>:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12",
                "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension",
                "arn:aws:lambda:us-east-1:123456789012:function:veo-status", "AWS-Parameters-and-Secrets-Lambda-Extension:12")) {
            assertFalse(layer.matcher(bad).matches(), bad);
        }
        Pattern origins = allowedPattern("CorsAllowedOrigins");
        for (String good : List.of("", "*", "https://app.example.com", "https://app.example.com,http://localhost:3000")) {
            assertTrue(origins.matcher(good).matches(), good);
        }
        for (String bad : List.of("app.example.com", "https://a.example.com, https://b.example.com", "https://a.example.com,*")) {
            assertFalse(origins.matcher(bad).matches(), bad);
        }
        // The native packaging without a layer is refused by a rule, before any resource is created.
        Map<String, Boolean> nativeWithoutLayer = TemplateVariant.of(template, Map.of("Packaging", "native")).rules();
        assertEquals(Map.of("NativeNeedsTheExtensionLayer", false), new TreeMap<>(nativeWithoutLayer));
        assertEquals(Map.of("NativeNeedsTheExtensionLayer", true), TemplateVariant.of(template, JVM).rules());
    }

    /**
     * The deployed function talks to the Veo API over https only, a stricter rule than the function's own (which also
     * allows http to localhost, for dev mode and the tests): every value the parameter accepts, the function accepts.
     */
    @Test
    void theApiBaseUrlParameterIsHttpsOnly() {
        Pattern baseUrl = allowedPattern("VeoApiBaseUrl");
        String fallback = template.at("/Parameters/VeoApiBaseUrl/Default").asText();
        for (String good : List.of(fallback, "https://api.veo3api.ai/", "https://api.veo3api.ai:8443", "https://proxy.example.com/veo",
                "https://203.0.113.7")) {
            assertTrue(baseUrl.matcher(good).matches(), good);
            assertEquals(Optional.empty(), ApiBaseUrl.problem(good), good);
        }
        for (String bad : List.of("", "api.veo3api.ai", "http://api.veo3api.ai", "http://localhost:8080", "ftp://api.veo3api.ai",
                "https://user:pw@api.veo3api.ai", "https://api.veo3api.ai?key=x", "https://api.veo3api.ai/#x", "https://",
                "https://api.veo3api.ai extra")) {
            assertFalse(baseUrl.matcher(bad).matches(), bad);
        }
        assertTrue(template.at("/Parameters/VeoApiBaseUrl/ConstraintDescription").asText().contains("https"));
    }

    private static Pattern allowedPattern(String parameter) {
        return Pattern.compile(template.at("/Parameters/" + parameter + "/AllowedPattern").asText());
    }

    /** The rows of the route table in the HTTP section of docs/api.md. */
    private static String documentedRouteTable() {
        StringBuilder rows = new StringBuilder();
        Pages.section(Pages.API, "HTTP").lines()
                .filter(line -> line.matches("\\| `(GET|HEAD|POST) .*")).forEach(line -> rows.append(line).append('\n'));
        return rows.toString();
    }

    /**
     * AWS's SAM schema, with its two annotation keywords known to the validator: {@code __samPassThrough}
     * marks a property CloudFormation validates itself, {@code markdownDescription} is documentation.
     * Neither constrains a value.
     */
    static JsonSchema samSchema() throws IOException {
        JsonNode schemaDocument;
        try (InputStream in = SamTemplateTest.class.getClassLoader().getResourceAsStream("sam/sam.schema.json")) {
            schemaDocument = new ObjectMapper().readTree(in);
        }
        JsonMetaSchema draft4WithSamKeywords = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .keyword(new NonValidationKeyword("__samPassThrough"))
                .keyword(new NonValidationKeyword("markdownDescription"))
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, factory -> factory.metaSchema(draft4WithSamKeywords))
                .getSchema(schemaDocument);
    }

    /**
     * A Distributed Map starts its children as executions of its own state machine, and describes and
     * stops them: the batch may do that to its own executions and to nothing else in Step Functions.
     */
    @Test
    void theBatchMayStartDescribeAndStopOnlyItsOwnExecutions() {
        String name = template.at("/Resources/PollVideosStateMachine/Properties/Name/Fn::Sub").asText();
        String states = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:";
        Map<String, Set<String>> resourcesOfAction = new TreeMap<>(resourcesOfActions(statements("PollVideosStateMachine")));
        resourcesOfAction.keySet().removeIf(action -> !action.startsWith("states:"));
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
        return statements(template, resource);
    }

    private static List<JsonNode> statements(JsonNode template, String resource) {
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
            for (Map.Entry<String, JsonNode> field : node.properties()) {
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
