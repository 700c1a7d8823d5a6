package io.veostatus.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The packaged artifact, not the classes: target/function.zip unpacked as Lambda's managed Java
 * runtime unpacks it, run by AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) with the handler
 * {@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest}, polling a Lambda Runtime
 * API server of the test's own; WireMock stands in for the Veo API.
 */
public class PackagedFunctionIT {

    /** The handler of Lambda's managed Java runtime; the template's jvm packaging names the same. */
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final String KEY = "packaged-it-key-5e1d-DO-NOT-LEAK";
    private static final String TASK = "veo_task_abcdef123456";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer veoApi;
    private static RuntimeApiServer runtimeApi;
    private static Process function;
    private static Path output;

    @BeforeAll
    static void startThePackagedFunction() throws Exception {
        veoApi = new WireMockServer(options().dynamicPort());
        veoApi.start();
        runtimeApi = new RuntimeApiServer();

        Path task = Files.createTempDirectory("veo-status-task");
        unzip(Path.of("target/function.zip"), task);
        assertTrue(Files.exists(task.resolve("io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class"))
                || Files.list(task.resolve("lib")).anyMatch(jar -> jar.toString().contains("amazon-lambda")),
                "function.zip is the JVM package (build without -Dnative)");
        // As the managed runtime: /var/task and /var/task/lib/*, then the runtime interface client.
        List<String> classpath = new ArrayList<>(List.of(task.toString(), task.resolve("lib") + File.separator + "*"));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(jar -> jar.contains("aws-lambda-java-runtime-interface-client")
                        || jar.contains("aws-lambda-java-serialization") || jar.contains("utils-lite"))
                .forEach(classpath::add);
        output = Files.createTempFile("veo-status-function", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER)
                .directory(task.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "veo-status");
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        builder.environment().put("VEO_API_KEY", KEY);
        builder.environment().put("VEO_API_BASE_URL", "http://localhost:" + veoApi.port());
        function = builder.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (function != null) {
            function.destroyForcibly();
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        if (veoApi != null) {
            veoApi.stop();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertFalse(printed.contains(KEY), "the function's output holds the key");
    }

    @BeforeEach
    void resetTheVeoApi() {
        veoApi.resetAll();
    }

    @Test
    void aSucceededTask() throws Exception {
        answer("success.json");
        RuntimeApiServer.Answer answer = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");

        assertFalse(answer.failed(), answer.body() + functionOutput());
        JsonNode status = JSON.readTree(answer.body());
        assertEquals("SUCCEEDED", status.get("status").asText());
        assertEquals("http://example.com/video1.mp4", status.get("videoUrls").get(0).asText());
        assertEquals(1, status.get("poll").get("attempt").asInt());
        veoApi.verify(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info")).withQueryParam("taskId", equalTo(TASK))
                .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void anUnknownTaskIsTheErrorTypeStepFunctionsMatches() throws Exception {
        answer("not-found-422.json");
        RuntimeApiServer.Answer answer = runtimeApi.invoke("\"" + TASK + "\"");

        assertTrue(answer.failed(), answer.body());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals("io.veostatus.error.TaskNotFoundException", error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("record is null"));
    }

    @Test
    void anInvalidIdIsRejectedAndTheNextInvocationServed() throws Exception {
        RuntimeApiServer.Answer rejected = runtimeApi.invoke("{\"taskId\":\"../x\"}");
        assertEquals("io.veostatus.error.InvalidTaskIdException", JSON.readTree(rejected.body()).get("errorType").asText());
        assertEquals(0, veoApi.findAll(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info"))).size());

        answer("generating.json");
        RuntimeApiServer.Answer served = runtimeApi.invoke("{\"taskId\":\"3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7\"}");
        assertEquals("GENERATING", JSON.readTree(served.body()).get("status").asText(), served.body());
    }

    @Test
    void anHttpApiRequest() throws Exception {
        answer("success.json");
        String event;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/go-apigw-v2-request-no-authorizer.json")) {
            JsonNode sample = JSON.readTree(in);
            ((com.fasterxml.jackson.databind.node.ObjectNode) sample).put("rawPath", "/tasks/" + TASK);
            ((com.fasterxml.jackson.databind.node.ObjectNode) sample.get("requestContext").get("http")).put("path", "/tasks/" + TASK);
            event = sample.toString();
        }
        RuntimeApiServer.Answer answer = runtimeApi.invoke(event);

        assertFalse(answer.failed(), answer.body());
        JsonNode http = JSON.readTree(answer.body());
        assertEquals(200, http.get("statusCode").asInt());
        assertEquals("application/json", http.get("headers").get("Content-Type").asText());
        assertEquals("SUCCEEDED", JSON.readTree(http.get("body").asText()).get("status").asText());
    }

    @Test
    void anUpstreamOutageIsRetriedThenReported() throws Exception {
        veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(503)));
        RuntimeApiServer.Answer answer = runtimeApi.invoke("{\"taskId\":\"" + TASK + "\"}");

        assertEquals("io.veostatus.error.UpstreamUnavailableException", JSON.readTree(answer.body()).get("errorType").asText());
        assertEquals(3, veoApi.findAll(getRequestedFor(urlPathEqualTo("/api/v1/veo/record-info"))).size());
    }

    private static void answer(String example) throws IOException {
        try (InputStream in = PackagedFunctionIT.class.getClassLoader().getResourceAsStream("upstream/examples/" + example)) {
            veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        }
    }

    private static String functionOutput() throws IOException {
        return "\n--- function output ---\n" + Files.readString(output, StandardCharsets.UTF_8);
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }
}
