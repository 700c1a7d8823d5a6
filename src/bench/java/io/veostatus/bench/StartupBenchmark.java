package io.veostatus.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.veostatus.packaged.FunctionLauncher;
import io.veostatus.packaged.PackagedFunction;
import io.veostatus.packaged.RuntimeApiServer;
import io.veostatus.packaged.TestCertificate;

/**
 * Starts the packaged function as Lambda does (the same launchers as the packaged integration tests), against a
 * Runtime API server and WireMock as the Veo API on this machine, and prints for the native executable and the JVM
 * package: process start to ready (its first request for an invocation, the end of Lambda's init), the first
 * invocation, warm p50 and p99, the RSS after the warm invocations, and the CPU time the process used for its init,
 * its first invocation and a warm invocation (which, unlike wall times, hardly depends on what else the machine
 * runs). Invocation times are what Lambda bills: from the event handed over to the answer received. Compiled and run
 * only in the bench profile:
 *
 * <pre>
 * ./mvnw -B -Pbench test-compile exec:java -Dexec.mainClass=io.veostatus.bench.StartupBenchmark
 * </pre>
 *
 * {@code -Dbench.native} (default target/function.zip) and {@code -Dbench.jvm} (default target/function-jvm.zip)
 * name the packages; {@code -Dbench.runs} (5) cold starts of each, interleaved, give the medians;
 * {@code -Dbench.invocations} (500) warm invocations follow each start; {@code -Dbench.upstream=https} puts the Veo
 * API behind TLS with a test certificate (default: plain HTTP). One unmeasured round first warms this JVM's own
 * servers, so that their warm-up is not counted against the function.
 */
public final class StartupBenchmark {

    private static final String TASK = "veo_task_abcdef123456";
    private static final String EVENT = "{\"taskId\":\"" + TASK + "\"}";
    private static final String KEY = "benchmark-key-not-a-secret";

    /** One cold start: wall times, the CPU time the process used for them, and its RSS at the end. */
    private record Run(Duration ready, Duration first, List<Duration> warm, long rssKilobytes, Duration initCpu,
            Duration firstCpu, Duration warmCpu) {
    }

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 5);
        int invocations = Integer.getInteger("bench.invocations", 500);
        boolean https = "https".equals(System.getProperty("bench.upstream", "http"));
        Map<String, FunctionLauncher> launchers = new LinkedHashMap<>();
        addIfPresent(launchers, "native", Path.of(System.getProperty("bench.native", "target/function.zip")), true);
        addIfPresent(launchers, "JVM", Path.of(System.getProperty("bench.jvm", "target/function-jvm.zip")), false);
        if (launchers.isEmpty()) {
            System.out.println("Nothing to measure: package the function first (see docs/benchmarks.md).");
            return;
        }
        TestCertificate certificate = TestCertificate.create();
        WireMockServer veoApi = new WireMockServer(options().dynamicPort().dynamicHttpsPort()
                .keystorePath(certificate.keyStore().toString()).keystoreType("PKCS12")
                .keystorePassword(certificate.password()).keyManagerPassword(certificate.password()));
        veoApi.start();
        try {
            try (InputStream in = StartupBenchmark.class.getClassLoader().getResourceAsStream("upstream/examples/success.json")) {
                veoApi.stubFor(get(urlPathEqualTo("/api/v1/veo/record-info")).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
            }
            Map<String, String> settings = new HashMap<>(https ? certificate.trustedByTheRestClient() : Map.of());
            settings.put("VEO_API_KEY", KEY);
            settings.put("VEO_API_BASE_URL", https ? "https://localhost:" + veoApi.httpsPort() : "http://localhost:" + veoApi.port());

            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            for (FunctionLauncher launcher : launchers.values()) {
                measure(launcher, settings, invocations);
            }
            Map<String, List<Run>> results = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (Map.Entry<String, FunctionLauncher> launcher : launchers.entrySet()) {
                    results.computeIfAbsent(launcher.getKey(), name -> new ArrayList<>())
                            .add(measure(launcher.getValue(), settings, invocations));
                }
            }
            print(results, launchers, runs, invocations, load, https ? "HTTPS" : "HTTP");
        } finally {
            veoApi.stop();
        }
    }

    private static void addIfPresent(Map<String, FunctionLauncher> launchers, String name, Path zip, boolean nativePackage) {
        if (Files.isRegularFile(zip)) {
            launchers.put(name, nativePackage ? FunctionLauncher.nativeBootstrap(zip) : FunctionLauncher.jvm(zip));
        } else {
            System.out.println("No " + name + " package at " + zip + ": not measured.");
        }
    }

    private static Run measure(FunctionLauncher launcher, Map<String, String> settings, int invocations) throws Exception {
        Path output = Files.createTempFile("veo-status-benchmark", ".log");
        try (PackagedFunction function = launcher.start(settings, output)) {
            Duration ready = function.readyAfter(Duration.ofSeconds(60));
            Duration initCpu = function.cpuTime();
            RuntimeApiServer.Answer first = function.invoke(EVENT);
            check(first, function);
            Duration afterFirst = function.cpuTime();
            List<Duration> warm = new ArrayList<>(invocations);
            for (int i = 0; i < invocations; i++) {
                RuntimeApiServer.Answer answer = function.invoke(EVENT);
                check(answer, function);
                warm.add(answer.duration());
            }
            Duration warmCpu = function.cpuTime().minus(afterFirst).dividedBy(invocations);
            return new Run(ready, first.duration(), warm, function.residentKilobytes(), initCpu, afterFirst.minus(initCpu),
                    warmCpu);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void check(RuntimeApiServer.Answer answer, PackagedFunction function) {
        if (answer.failed() || !answer.body().contains("\"SUCCEEDED\"")) {
            throw new IllegalStateException("the function did not answer SUCCEEDED: " + answer.body() + function.printed());
        }
    }

    private static void print(Map<String, List<Run>> results, Map<String, FunctionLauncher> launchers, int runs,
            int invocations, String load, String upstream) throws IOException {
        System.out.printf(Locale.ROOT, "%nveo-status startup benchmark, %s, %d cores (%s), load average at start %s%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpuModel(), load);
        System.out.printf(Locale.ROOT, "%d cold starts each (medians), %d warm invocations after each (pooled), "
                + "upstream: WireMock over %s on localhost%n%n", runs, invocations, upstream);
        System.out.println("| artifact | ready (start to first /next) | first invocation | warm p50 | warm p99 | RSS after "
                + "| CPU: init | CPU: first invocation | CPU: warm invocation |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Run>> result : results.entrySet()) {
            List<Run> measured = result.getValue();
            List<Duration> warm = new ArrayList<>();
            measured.forEach(run -> warm.addAll(run.warm()));
            Collections.sort(warm);
            System.out.printf(Locale.ROOT, "| %s (%s) | %s | %s | %s | %s | %.1f MB | %s | %s | %s |%n", result.getKey(),
                    launchers.get(result.getKey()).artifact(),
                    millis(median(measured.stream().map(Run::ready).toList())),
                    millis(median(measured.stream().map(Run::first).toList())),
                    millis(percentile(warm, 50)), millis(percentile(warm, 99)),
                    measured.stream().mapToLong(Run::rssKilobytes).sorted().toArray()[measured.size() / 2] / 1024.0,
                    millis(median(measured.stream().map(Run::initCpu).toList())),
                    millis(median(measured.stream().map(Run::firstCpu).toList())),
                    millis(median(measured.stream().map(Run::warmCpu).toList())));
        }
    }

    private static Duration median(List<Duration> values) {
        List<Duration> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static Duration percentile(List<Duration> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    }
}
