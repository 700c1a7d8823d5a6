package io.veostatus.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.veostatus.packaged.FunctionLauncher;
import io.veostatus.packaged.PackagedFunction;
import io.veostatus.packaged.RuntimeApiServer;

/**
 * What one poll writes to the function's log, in bytes, as CloudWatch Logs would ingest it: the packaged function
 * started as Lambda starts it (the launcher of the packaged integration tests, the template's environment, JSON logs
 * at INFO), polled for a task that has succeeded, and every byte it printed during each poll counted, from the event
 * handed over to its last line (the one with the metrics). Prints the bytes and lines of the cold poll and of the
 * warm ones, and the lines of the last. Not part of the test run:
 *
 * <pre>
 * ./mvnw -B package -DskipTests
 * ./mvnw -B -Pbench test-compile exec:java -Dexec.mainClass=io.veostatus.bench.LogBytesBenchmark
 * </pre>
 *
 * {@code -Dbench.package} (default target/function.zip; a package with a {@code bootstrap} is run as the native executable) names
 * the package, {@code -Dbench.polls} (20) the warm polls.
 */
public final class LogBytesBenchmark {

    private static final String TASK = "veo_task_abcdef123456";
    private static final String EVENT = "{\"taskId\":\"" + TASK + "\"}";

    private LogBytesBenchmark() {
    }

    /** What one poll printed. */
    private record Poll(long bytes, List<String> lines) {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(System.getProperty("bench.package", "target/function.zip"));
        int polls = Integer.getInteger("bench.polls", 20);
        FunctionLauncher launcher = isNative(zip) ? FunctionLauncher.nativeBootstrap(zip) : FunctionLauncher.jvm(zip);
        WireMockServer veoApi = new WireMockServer(options().dynamicPort());
        veoApi.start();
        Path output = Files.createTempFile("veo-status-log-bytes", ".log");
        try {
            try (InputStream in = LogBytesBenchmark.class.getClassLoader().getResourceAsStream("upstream/examples/success.json")) {
                veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            }
            Map<String, String> settings = Map.of("VEO_API_KEY", "benchmark-key-not-a-secret",
                    "VEO_API_BASE_URL", "http://localhost:" + veoApi.port());
            try (PackagedFunction function = launcher.start(settings, output)) {
                function.readyAfter(Duration.ofSeconds(60));
                Poll cold = poll(function, output);
                List<Poll> warm = new ArrayList<>();
                for (int i = 0; i < polls; i++) {
                    warm.add(poll(function, output));
                }
                List<Long> bytes = new ArrayList<>(warm.stream().map(Poll::bytes).toList());
                Collections.sort(bytes);
                System.out.printf(Locale.ROOT, "%nBytes written per SUCCEEDED poll by %s (%s)%n", zip, launcher.artifact());
                System.out.printf(Locale.ROOT, "cold poll: %d bytes in %d lines%n", cold.bytes(), cold.lines().size());
                System.out.printf(Locale.ROOT, "warm polls (%d): median %d bytes, min %d, max %d, in %d lines each%n",
                        polls, bytes.get(bytes.size() / 2), bytes.get(0), bytes.get(bytes.size() - 1),
                        warm.get(warm.size() - 1).lines().size());
                System.out.println("the last poll's lines:");
                warm.get(warm.size() - 1).lines().forEach(System.out::println);
            }
        } finally {
            veoApi.stop();
            Files.deleteIfExists(output);
        }
    }

    private static Poll poll(PackagedFunction function, Path output) throws Exception {
        long before = Files.size(output);
        RuntimeApiServer.Answer answer = function.invoke(EVENT);
        if (answer.failed() || !answer.body().contains("\"SUCCEEDED\"")) {
            throw new IllegalStateException("the function did not answer SUCCEEDED: " + answer.body() + function.printed());
        }
        // The line with the metrics is the poll's last; output is not flushed in step with the answer.
        String requestId = "\"requestId\":\"" + answer.requestId() + "\"";
        for (int i = 0; i < 250 && !metricsWritten(output, before, requestId); i++) {
            Thread.sleep(20);
        }
        if (!metricsWritten(output, before, requestId)) {
            throw new IllegalStateException("no summary line with metrics for request " + answer.requestId() + function.printed());
        }
        byte[] all = Files.readAllBytes(output);
        String written = new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
        return new Poll(all.length - before, written.lines().toList());
    }

    private static boolean metricsWritten(Path output, long from, String requestId) throws Exception {
        byte[] all = Files.readAllBytes(output);
        String written = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        return written.lines().anyMatch(line -> line.contains("\"_aws\"") && line.contains(requestId) && line.endsWith("}"))
                && written.endsWith("\n");
    }

    private static boolean isNative(Path zip) throws Exception {
        try (FileSystem packaged = FileSystems.newFileSystem(zip)) {
            return Files.exists(packaged.getPath("/bootstrap"));
        }
    }
}
