package io.veostatus.keep;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import io.veostatus.testing.ListeningPort;

/**
 * Adobe's S3Mock (com.adobe.testing:s3mock, the runnable "exec" jar Maven copies to target/s3mock), a real S3
 * API server, started as a process of its own for the tests of one Quarkus test profile and stopped with
 * them: the S3 client under test talks HTTP to it, path-style, as it would to S3. Its Spring Boot would
 * clash with Quarkus in one JVM, hence the process. Both its ports (HTTPS and HTTP) are left to the system,
 * so that another build or service on the machine cannot hold them; the function is given the HTTP one,
 * which S3Mock names once it listens (in about 6 s on an idle machine, more than a minute on a busy one).
 */
public class S3MockServer implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "veo-videos";
    public static final String REGION = "us-east-1";
    /** Longer than the slowest start seen on the shared 2-core machine (about 90 s). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Path JAR = Path.of("target/s3mock/s3mock.jar");
    private static final Path LOG = Path.of("target/s3mock/s3mock.log");
    private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on ports? .*?\\b(\\d+) \\(http\\)");

    private static final String ACCESS_KEY = "test-access-key";
    private static final String SECRET_KEY = "test-secret-key";
    private static final String ACCESS_KEY_PROPERTY = "aws.accessKeyId";
    private static final String SECRET_KEY_PROPERTY = "aws.secretAccessKey";

    private static volatile String endpoint;
    private Process process;
    private Path root;

    @Override
    public Map<String, String> start() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests through Maven, which copies S3Mock there.");
        }
        try {
            root = Files.createTempDirectory("veo-s3mock");
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-jar", JAR.toString(), "--server.port=0", "--com.adobe.testing.s3mock.http-port=0",
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                    "--logging.level.root=WARN",
                    // Its one line that names the ports it got: "Tomcat started on ports 41234 (https), 39876 (http) ...".
                    "--logging.level.org.springframework.boot.web.embedded.tomcat.TomcatWebServer=INFO")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            endpoint = "http://127.0.0.1:" + ListeningPort.named(process, LOG, HTTP_PORT, START_TIMEOUT, "S3Mock");
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        // The keeping function takes credentials from the environment (as on Lambda) or these system properties.
        System.setProperty(ACCESS_KEY_PROPERTY, ACCESS_KEY);
        System.setProperty(SECRET_KEY_PROPERTY, SECRET_KEY);
        return Map.of("veo.keep.s3-endpoint", endpoint,
                "veo.keep.s3-path-style-access", "true",
                "veo.keep.region", REGION,
                "veo.keep.bucket", BUCKET);
    }

    /** Where the S3 API is, once it answers; waits for it to. */
    public static String awaitReady() {
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            try {
                HttpURLConnection probe = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
                probe.setConnectTimeout(1000);
                probe.setReadTimeout(5000);
                if (probe.getResponseCode() == 200) {
                    return endpoint;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("S3Mock did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + LOG);
    }

    /** A client of the tests' own, to read back what the function stored; waits for S3Mock first. */
    public static S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(awaitReady())).forcePathStyle(true).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Override
    public void stop() {
        System.clearProperty(ACCESS_KEY_PROPERTY);
        System.clearProperty(SECRET_KEY_PROPERTY);
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException leftOver) {
                // A temporary folder; the system cleans it.
            }
        }
    }
}
