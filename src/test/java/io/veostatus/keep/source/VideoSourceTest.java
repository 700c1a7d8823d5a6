package io.veostatus.keep.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.SourceRefusedException;
import io.veostatus.error.VeoStatusException;
import io.veostatus.keep.VendorStubs;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.DeadlineTimer;
import io.veostatus.packaged.TestCertificate;
import io.veostatus.testing.RawHttpServer;

/**
 * One download, without Quarkus, against servers of the test's own on this machine (one of them over TLS, with a
 * certificate made for the test and trusted by this test's client only): what it reads, which redirects it follows,
 * what it refuses before connecting, and that a CDN that trickles is cut at the deadline, whatever the read timeout.
 */
class VideoSourceTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_BYTES = 4_000_000;

    private static DeadlineTimer timer;
    /** The timer threads of other tests' applications still running in this JVM, before this test's timer starts. */
    private static Set<Thread> otherTimerThreads;
    private static SSLContext serverTls;
    private static SSLContext clientTls;

    private final List<RawHttpServer> servers = new ArrayList<>();
    /** The host lookups of this test's settings; stopped after it. */
    private final List<HostLookups> lookups = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        otherTimerThreads = timerThreads();
        timer = new DeadlineTimer();
        TestCertificate certificate = TestCertificate.create();
        char[] password = certificate.password().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.keyStore())) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.trustStore())) {
            trusted.load(in, password);
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        servers.forEach(RawHttpServer::close);
        for (HostLookups pool : lookups) {
            pool.stop();
        }
    }

    @AfterAll
    static void stopTimer() throws InterruptedException {
        timer.stop();
        Set<Thread> left = timerThreads();
        left.removeAll(otherTimerThreads);
        // The pool says it has terminated as its last thread leaves its work, a moment before that thread has ended.
        for (Thread thread : left) {
            thread.join(2_000);
        }
        left.removeIf(thread -> !thread.isAlive());
        assertEquals(Set.of(), left, "the timer's thread ends with it");
    }

    private static Set<Thread> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("veo-deadline-timer"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void aBodyOfKnownLengthAndAChunkedOneAreReadWhole() throws IOException {
        byte[] video = VendorStubs.video(300_000, 41);
        RawHttpServer cdn = http((request, out) -> {
            if (request.contains("/fixed")) {
                RawHttpServer.answering(200, "video/mp4", video).answer(request, out);
                return;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (int from = 0; from < video.length; from += 70_000) {
                int size = Math.min(70_000, video.length - from);
                out.write((Integer.toHexString(size) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(video, from, size);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        VideoSource.Settings settings = settings(true, List.of("127.0.0.1:" + cdn.port()), Duration.ofSeconds(5));

        try (VideoSource fixed = VideoSource.open(url(cdn, "/fixed.mp4?sig=1"), settings, Deadline.after(Duration.ofSeconds(20)))) {
            assertEquals(video.length, fixed.length());
            assertArrayEquals(video, fixed.body().readAllBytes());
            assertEquals(VendorStubs.sha256(video), fixed.sha256());
        }
        try (VideoSource chunked = VideoSource.open(url(cdn, "/chunked.mp4"), settings, Deadline.after(Duration.ofSeconds(20)))) {
            assertEquals(-1, chunked.length(), "a chunked body says no length");
            assertArrayEquals(video, chunked.body().readAllBytes());
        }
        assertEquals(List.of("GET /fixed.mp4?sig=1 HTTP/1.1", "GET /chunked.mp4 HTTP/1.1"), cdn.requests());
    }

    @Test
    void aBodyThatEndsBeforeItsLengthIsNeverAShorterVideo() {
        RawHttpServer cdn = http((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[500]);
        });
        VideoSource.Settings settings = settings(true, List.of("127.0.0.1:" + cdn.port()), Duration.ofSeconds(5));

        VeoStatusException outcome = outcomeOfReading(url(cdn, "/short.mp4"), settings, Duration.ofSeconds(20));
        assertEquals(KeepUnavailableException.class, outcome.getClass());
        assertTrue(outcome.getMessage().contains("broke off") && outcome.getMessage().contains("after 500 bytes"), outcome.getMessage());
    }

    @Test
    void upToThreeRedirectsAreFollowedAndAFourthIsRefusedWithoutAConnection() throws IOException {
        byte[] video = VendorStubs.video(10_000, 42);
        RawHttpServer cdn = http((request, out) -> {
            String path = request.split(" ")[1];
            switch (path) {
                case "/r1" -> RawHttpServer.redirecting(302, "/r2?sig=2").answer(request, out);
                case "/r2?sig=2" -> RawHttpServer.redirecting(301, "r3").answer(request, out);
                case "/r3" -> RawHttpServer.redirecting(307, "/video.mp4").answer(request, out);
                case "/s1", "/s2", "/s3" -> RawHttpServer.redirecting(308, "/s" + (path.charAt(2) - '0' + 1)).answer(request, out);
                case "/s4" -> RawHttpServer.redirecting(303, "/video.mp4").answer(request, out);
                default -> RawHttpServer.answering(200, "video/mp4", video).answer(request, out);
            }
        });
        VideoSource.Settings settings = settings(true, List.of("127.0.0.1:" + cdn.port()), Duration.ofSeconds(5));

        try (VideoSource followed = VideoSource.open(url(cdn, "/r1"), settings, Deadline.after(Duration.ofSeconds(20)))) {
            assertArrayEquals(video, followed.body().readAllBytes());
        }
        SourceRefusedException tooMany = assertThrows(SourceRefusedException.class,
                () -> VideoSource.open(url(cdn, "/s1"), settings, Deadline.after(Duration.ofSeconds(20))));
        assertTrue(tooMany.getMessage().contains("redirected more than 3 times"), tooMany.getMessage());
        assertEquals(List.of("/r1", "/r2?sig=2", "/r3", "/video.mp4", "/s1", "/s2", "/s3", "/s4"),
                cdn.requests().stream().map(line -> line.split(" ")[1]).toList(), "the fifth URL is never asked for");
    }

    @Test
    void aRedirectFromTheAllowedStandInToAnotherPrivateAddressIsRefusedWithoutAConnection() {
        RawHttpServer internal = RawHttpServer.onEveryAddress(RawHttpServer.answering(200, "text/plain",
                "internal secret".getBytes(StandardCharsets.US_ASCII)));
        servers.add(internal);
        for (String target : List.of("http://127.0.0.1:" + internal.port() + "/latest", "http://localhost:" + internal.port() + "/",
                "http://[::1]:" + internal.port() + "/", "http://169.254.169.254/latest/meta-data/")) {
            RawHttpServer cdn = http(RawHttpServer.redirecting(302, target));
            VideoSource.Settings settings = settings(true, List.of("127.0.0.1:" + cdn.port()), Duration.ofSeconds(5));

            SourceRefusedException refused = assertThrows(SourceRefusedException.class,
                    () -> VideoSource.open(url(cdn, "/video.mp4"), settings, Deadline.after(Duration.ofSeconds(20))));
            assertTrue(refused.getMessage().contains("and videos are fetched only from public addresses"), refused.getMessage());
        }
        assertEquals(0, internal.connections(), "no connection reached the internal service");
    }

    @Test
    void anHttpsSourceIsReadWithItsCertificateCheckedAgainstItsHost() throws IOException {
        byte[] video = VendorStubs.video(200_000, 43);
        RawHttpServer cdn = https(RawHttpServer.answering(200, "video/mp4", video));
        VideoSource.Settings settings = settings(false, List.of("localhost:" + cdn.port(), "cdn.test:" + cdn.port()),
                Duration.ofSeconds(5));

        try (VideoSource source = VideoSource.open("https://localhost:" + cdn.port() + "/v.mp4", settings,
                Deadline.after(Duration.ofSeconds(20)))) {
            assertArrayEquals(video, source.body().readAllBytes());
        }
        // cdn.test resolves (by the policy's resolver) to the same server, whose certificate is for localhost only.
        KeepUnavailableException otherHost = assertThrows(KeepUnavailableException.class, () -> VideoSource.open(
                "https://cdn.test:" + cdn.port() + "/v.mp4", settings, Deadline.after(Duration.ofSeconds(20))));
        assertTrue(otherHost.getMessage().contains("SSLHandshakeException"), otherHost.getMessage());
        assertEquals(2, cdn.connections());
    }

    @Test
    void aNameIsConnectedToAtTheAddressThePolicyCheckedNeverResolvedAgain() throws IOException {
        byte[] video = VendorStubs.video(5_000, 44);
        RawHttpServer cdn = http(RawHttpServer.answering(200, "video/mp4", video));
        // The JDK cannot resolve cdn.test: only the policy's resolver knows it, so a download that works connected by that.
        VideoSource.Settings settings = settings(true, List.of("cdn.test:" + cdn.port()), Duration.ofSeconds(5));

        try (VideoSource source = VideoSource.open("http://cdn.test:" + cdn.port() + "/v.mp4", settings,
                Deadline.after(Duration.ofSeconds(20)))) {
            assertArrayEquals(video, source.body().readAllBytes());
        }
        assertThrows(UnknownHostException.class, () -> InetAddress.getAllByName("cdn.test"));
    }

    @Test
    void anHttpsToHttpDowngradeIsRefusedWithoutAConnection() {
        RawHttpServer internal = RawHttpServer.onEveryAddress(RawHttpServer.answering(200, "text/plain",
                "internal secret".getBytes(StandardCharsets.US_ASCII)));
        servers.add(internal);
        RawHttpServer cdn = https(RawHttpServer.redirecting(302, "http://localhost:" + internal.port() + "/x.mp4?sig=SECRET"));
        VideoSource.Settings httpsOnly = settings(false, List.of("localhost:" + cdn.port(), "localhost:" + internal.port()),
                Duration.ofSeconds(5));

        SourceRefusedException downgrade = assertThrows(SourceRefusedException.class, () -> VideoSource.open(
                "https://localhost:" + cdn.port() + "/v.mp4", httpsOnly, Deadline.after(Duration.ofSeconds(20))));

        assertEquals("Refused the redirect from https://localhost:" + cdn.port() + "/v.mp4 to http://localhost:" + internal.port()
                + "/x.mp4: it is not https (a downgrade from https), and plain http is allowed only with"
                + " VEO_KEEP_ALLOW_HTTP_SOURCES, for tests; nothing was fetched from it.", downgrade.getMessage());
        assertEquals(1, cdn.connections());
        assertEquals(0, internal.connections());
    }

    /** A lookup comes before the connection, and so before the deadline's timer closes it: it is cut at the deadline too. */
    @Test
    void aHostThatTakesLongToResolveIsCutAtTheDeadline() {
        RawHttpServer cdn = http(RawHttpServer.answering(200, "video/mp4", VendorStubs.video(5_000, 45)));
        VideoSource.Settings settings = settings(true, List.of("slow.test:" + cdn.port()), Duration.ofSeconds(10));

        long start = System.nanoTime();
        KeepUnavailableException slow = assertThrows(KeepUnavailableException.class, () -> VideoSource.open(
                "http://slow.test:" + cdn.port() + "/v.mp4?sig=SECRET", settings, Deadline.after(Duration.ofMillis(1_000))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("The host slow.test of the video at http://slow.test:" + cdn.port() + "/v.mp4 did not resolve in time (the"
                + " lookup was still running at the deadline).", slow.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1_300)) < 0, "cut at the 1 s deadline, took " + took.toMillis() + " ms");
        assertEquals(0, cdn.connections());
    }

    /** Headers that come a byte every 100 ms never trip a read timeout; the deadline ends the wait for them. */
    @Test
    void aCdnThatTricklesItsHeadersIsCutAtTheDeadline() {
        RawHttpServer cdn = http(trickle("HTTP/1.1 200 OK\r\nX-Slow: ", Duration.ofSeconds(60), ""));
        VideoSource.Settings settings = settings(true, List.of("127.0.0.1:" + cdn.port()), Duration.ofSeconds(10));

        long start = System.nanoTime();
        KeepUnavailableException slow = assertThrows(KeepUnavailableException.class,
                () -> VideoSource.open(url(cdn, "/v.mp4"), settings, Deadline.after(Duration.ofMillis(1_500))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(slow.getMessage().contains("time ran out before the vendor's CDN answered"), slow.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(2_300)) < 0, "cut at the 1.5 s deadline, took " + took);
    }

    /** A body that trickles, then stalls, would hold a read for the whole 10 s read timeout; the deadline closes it. */
    @Test
    void aCdnThatTricklesThenStallsMidBodyIsCutAtTheDeadline() {
        RawHttpServer cdn = http(trickle("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n", Duration.ofMillis(1_000),
                "stall"));
        VideoSource.Settings settings = settings(true, List.of("127.0.0.1:" + cdn.port()), Duration.ofSeconds(10));

        long start = System.nanoTime();
        VeoStatusException outcome = outcomeOfReading(url(cdn, "/v.mp4"), settings, Duration.ofMillis(2_000));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(KeepUnavailableException.class, outcome.getClass());
        assertTrue(outcome.getMessage().contains("when the copy's time ran out"), outcome.getMessage());
        assertFalse(outcome.getMessage().contains(" sent 0 bytes"), "some bytes came first: " + outcome.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(2_800)) < 0, "cut at the 2 s deadline, took " + took);
    }

    /** Writes {@code head}, then a byte every 100 ms for {@code trickleFor}, then, if asked, nothing for a minute. */
    private static RawHttpServer.Handler trickle(String head, Duration trickleFor, String then) {
        return (request, out) -> {
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long end = System.nanoTime() + trickleFor.toNanos();
            while (System.nanoTime() < end) {
                out.write('a');
                out.flush();
                Thread.sleep(100);
            }
            if (then.equals("stall")) {
                Thread.sleep(60_000);
            }
        };
    }

    /** Opens the source and reads it to its end; the outcome that ends it. */
    private static VeoStatusException outcomeOfReading(String url, VideoSource.Settings settings, Duration deadline) {
        try (VideoSource source = VideoSource.open(url, settings, Deadline.after(deadline))) {
            source.body().readAllBytes();
            throw new AssertionError("the body was read whole");
        } catch (VideoSource.SourceFailure failure) {
            return failure.outcome();
        } catch (IOException other) {
            throw new AssertionError("not an outcome: " + other, other);
        }
    }

    /**
     * The download's settings, with a resolver that knows cdn.test as this machine, takes 4 s to say the same of
     * slow.test (as the name servers of a hostile reply's host may), and knows nothing else new.
     */
    private VideoSource.Settings settings(boolean allowHttp, List<String> privateAllowed, Duration readTimeout) {
        Map<String, String> names = Map.of("cdn.test", "127.0.0.1", "slow.test", "127.0.0.1");
        HostLookups pool = new HostLookups(host -> {
            if (host.equals("slow.test")) {
                try {
                    Thread.sleep(4_000);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
            return names.containsKey(host) ? new InetAddress[] { InetAddress.getByName(names.get(host)) } : InetAddress.getAllByName(host);
        });
        lookups.add(pool);
        SourcePolicy policy = new SourcePolicy(allowHttp, List.of(), privateAllowed, pool);
        return new VideoSource.Settings(policy, timer, clientTls::getSocketFactory, CONNECT_TIMEOUT, readTimeout, MAX_BYTES);
    }

    private RawHttpServer http(RawHttpServer.Handler handler) {
        RawHttpServer server = RawHttpServer.start(javax.net.ServerSocketFactory.getDefault(), InetAddress.getLoopbackAddress(), 0,
                handler);
        servers.add(server);
        return server;
    }

    private RawHttpServer https(RawHttpServer.Handler handler) {
        RawHttpServer server = RawHttpServer.start(serverTls.getServerSocketFactory(), InetAddress.getLoopbackAddress(), 0, handler);
        servers.add(server);
        return server;
    }

    private static String url(RawHttpServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

}
