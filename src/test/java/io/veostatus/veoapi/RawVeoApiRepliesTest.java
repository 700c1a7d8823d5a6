package io.veostatus.veoapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.testing.RawHttpServer;

/**
 * Replies WireMock cannot send, from a server that writes the bytes it is given: an informational status followed by
 * the real reply (the REST client skips a 100 or a 103 and reads what follows; any other 1xx it takes for the reply
 * itself), a status outside 100-599, a body where none belongs, a protocol that is not HTTP. Record-info (the status
 * function's and the keeping function's call) and the 1080p endpoint each end in a report or a documented outcome.
 */
@QuarkusTest
@TestProfile(RawVeoApiRepliesTest.RawApi.class)
class RawVeoApiRepliesTest {

    private static final String TASK = "0123456789abcdef0123456789abcdef";
    private static final String RECORD = example("success.json").replace("veo_task_abcdef123456", TASK);
    private static final String READY = "{\"code\":200,\"msg\":\"success\",\"data\":"
            + "{\"resultUrl\":\"https://cdn.example.org/hd.mp4\"}}";
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    /** The Veo API of this class: the raw server, started before Quarkus so that its URL is the base URL. */
    public static class RawApi implements QuarkusTestProfile {
        /**
         * The server closes each connection after its bytes, without saying so in a header: a connection kept for the
         * next case could be one it has closed, and that case would see a closed connection instead of its bytes.
         */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.record-info.keep-alive-enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RawServerResource.class));
        }
    }

    public static class RawServerResource implements QuarkusTestResourceLifecycleManager {
        private RawHttpServer server;

        @Override
        public Map<String, String> start() {
            server = RawHttpServer.answeringAsTold();
            return Map.of("veo.api.base-url", server.baseUrl());
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(server, new TestInjector.MatchesType(RawHttpServer.class));
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    RawHttpServer server;

    @Inject
    RecordInfoGateway recordInfo;

    @Inject
    HdVideoGateway hdVideos;

    /**
     * Whether this start of the application has called the Veo API yet: the first call loads the REST client's classes,
     * which on a busy machine takes longer than the tests' 1 s attempt timeout. It is made once, before the first case.
     */
    private static boolean warmedUp;

    @BeforeEach
    void warmUpAndCloseTheBreaker() {
        if (!warmedUp) {
            warmedUp = true;
            server.answer(ok().replace("BODY", READY).replace("LENGTH", String.valueOf(length(READY))));
            for (int attempt = 0; attempt < 5 && !hdVideos.check(new TaskId(TASK), 0, Deadline.after(DEADLINE),
                    new UpstreamUsage()).ready(); attempt++) {
                // Until the client answers within the attempt timeout.
            }
        }
        CircuitBreakerMaintenance.get().resetAll();
    }

    /**
     * What is sent before the body, and what record-info and the 1080p endpoint make of it: a report (the body was
     * read), or the upstream being unavailable (a reply that is not one; "not yet" at the 1080p endpoint).
     */
    static Stream<Arguments> exchanges() {
        return Stream.of(
                Arguments.of("100 Continue, then the reply", "HTTP/1.1 100 Continue\r\n\r\n" + ok(), true),
                Arguments.of("103 Early Hints, then the reply",
                        "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" + ok(), true),
                Arguments.of("102 Processing, then the reply", "HTTP/1.1 102 Processing\r\n\r\n" + ok(), false),
                Arguments.of("150, then the reply", "HTTP/1.1 150 Whatever\r\n\r\n" + ok(), false),
                Arguments.of("101 Switching Protocols, then bytes", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n"
                        + "Connection: Upgrade\r\n\r\n\u0000\u0001garbage", false),
                Arguments.of("100 Continue, then nothing", "HTTP/1.1 100 Continue\r\n\r\n", false),
                Arguments.of("status 600", status("600 Beyond", "{}"), false),
                Arguments.of("status 999", status("999 Beyond", "{}"), false),
                Arguments.of("status 000", status("000 Nothing", "{}"), false),
                Arguments.of("status 099", status("099 Below", "{}"), false),
                Arguments.of("status that is no number", status("OK OK", "{}"), false),
                Arguments.of("204 with a body", status("204 No Content", "{}"), false),
                Arguments.of("304 with the reply as its body", "HTTP/1.1 304 Not Modified\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + length(RECORD) + "\r\n\r\n" + RECORD, false),
                Arguments.of("a Content-Length longer than the body", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"code\":200", false),
                Arguments.of("no HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n", false),
                Arguments.of("HTTP/1.0, the body to the end of the connection",
                        "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\nBODY", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void recordInfo(String name, String sent, boolean read) {
        server.answer(sent.replace("BODY", RECORD).replace("LENGTH", String.valueOf(length(RECORD))));
        TaskReport report;
        try {
            report = recordInfo.fetch(new TaskId(TASK), Deadline.after(DEADLINE), new UpstreamUsage());
        } catch (VeoStatusException outcome) {
            assertTrue(!read, name + ": " + outcome);
            assertInstanceOf(UpstreamUnavailableException.class, outcome, name);
            assertTrue(outcome.getMessage().endsWith("."), outcome.getMessage());
            return;
        } catch (RuntimeException escaped) {
            fail(name + ": escaped as " + escaped, escaped);
            return;
        }
        assertTrue(read, name + ": read as " + report);
        assertEquals(TaskRecord.SUCCESS, ((TaskRecord) report).successFlag(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void hdVideo(String name, String sent, boolean read) {
        server.answer(sent.replace("BODY", READY).replace("LENGTH", String.valueOf(length(READY))));
        HdAnswer answer;
        try {
            answer = hdVideos.check(new TaskId(TASK), 0, Deadline.after(DEADLINE), new UpstreamUsage());
        } catch (RuntimeException escaped) {
            fail(name + ": escaped as " + escaped, escaped);
            return;
        }
        assertEquals(read, answer.ready(), name + ": " + answer);
    }

    /** A complete 200 reply whose body is filled in by each test. */
    private static String ok() {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: LENGTH\r\n\r\nBODY";
    }

    private static String status(String line, String body) {
        return "HTTP/1.1 " + line + "\r\nContent-Type: application/json\r\nContent-Length: " + length(body) + "\r\n\r\n" + body;
    }

    private static int length(String body) {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String example(String file) {
        try (InputStream in = RawVeoApiRepliesTest.class.getClassLoader().getResourceAsStream("upstream/examples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
