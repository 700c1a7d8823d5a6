package io.veostatus.keep.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.SourceRefusedException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.HttpUrl;

/**
 * The rules of a video's URL, without Quarkus and without a network: a resolver of the test's own answers for
 * names (numbers go to the JDK, which reads them without a lookup) and notes every lookup, so that a URL refused
 * for its scheme, host list or number form is shown to be refused before any lookup, and so before any connection.
 */
class SourcePolicyTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "localhost", List.of("127.0.0.1", "::1"),
            "cdn.example", List.of("93.184.215.14"),
            "tempfile.aiquickdraw.com", List.of("104.21.32.1", "2606:4700:3030::6815:2001"),
            "half-private.example", List.of("93.184.215.14", "10.0.0.7"),
            "metadata.example", List.of("169.254.169.254"),
            "v6-metadata.example", List.of("fd00:ec2::254"));

    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private final List<HostLookups> pools = new ArrayList<>();

    @AfterEach
    void stopLookups() throws InterruptedException {
        for (HostLookups pool : pools) {
            pool.stop();
        }
    }

    private SourcePolicy policy(boolean allowHttp, List<String> hosts, List<String> privateAllowed) {
        return new SourcePolicy(allowHttp, hosts, privateAllowed, lookups(host -> {
            lookups.add(host);
            if (host.equals("slow.example")) {
                // A resolver that takes 4 s, as the name servers of a hostile reply's host may.
                Thread.sleep(4_000);
            }
            List<String> answer = DNS.get(host);
            if (answer == null) {
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return InetAddress.getAllByName(host);
                }
                throw new UnknownHostException(host);
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String address : answer) {
                addresses.add(InetAddress.getByName(address));
            }
            return addresses.toArray(InetAddress[]::new);
        }));
    }

    private HostLookups lookups(SleepingResolver resolver) {
        HostLookups pool = new HostLookups(host -> {
            try {
                return resolver.resolve(host);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(host);
            }
        });
        pools.add(pool);
        return pool;
    }

    /** A resolver of the test's own, which may sleep. */
    @FunctionalInterface
    private interface SleepingResolver {
        InetAddress[] resolve(String host) throws UnknownHostException, InterruptedException;
    }

    private static Deadline inSeconds(long seconds) {
        return Deadline.after(Duration.ofSeconds(seconds));
    }

    /** Every form of a loopback, link-local or private address, over http as the tests' fakes allow. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8123/x.mp4 | 127.0.0.1, a loopback address",
            "http://localhost:8123/x.mp4 | 127.0.0.1, a loopback address",
            "http://[::1]:8123/x.mp4 | 0:0:0:0:0:0:0:1, a loopback address",
            "http://[::ffff:127.0.0.1]:8123/x.mp4 | 127.0.0.1, a loopback address",
            "http://[::ffff:7f00:1]:8123/x.mp4 | 127.0.0.1, a loopback address",
            "http://[::127.0.0.1]:8123/x.mp4 | 0:0:0:0:0:0:7f00:1, a loopback address",
            "http://[64:ff9b::a9fe:a9fe]/x.mp4 | 64:ff9b:0:0:0:0:a9fe:a9fe, a link-local address",
            "http://169.254.169.254/latest/meta-data/ | 169.254.169.254, a link-local address",
            "http://169.254.170.2/v2/credentials | 169.254.170.2, a link-local address",
            "http://[fd00:ec2::254]/latest/meta-data/ | fd00:ec2:0:0:0:0:0:254, a unique-local address",
            "http://[fe80::1]/x.mp4 | fe80:0:0:0:0:0:0:1, a link-local address",
            "http://0.0.0.0:8123/x.mp4 | 0.0.0.0, an unspecified address",
            "http://[::]:8123/x.mp4 | 0:0:0:0:0:0:0:0, an unspecified address",
            "http://10.0.0.1/x.mp4 | 10.0.0.1, a private address",
            "http://172.16.0.1/x.mp4 | 172.16.0.1, a private address",
            "http://192.168.1.1/x.mp4 | 192.168.1.1, a private address",
            "http://100.64.0.1/x.mp4 | 100.64.0.1, a shared (carrier-grade NAT) address",
            "http://224.0.0.1/x.mp4 | 224.0.0.1, a multicast address",
            "http://255.255.255.255/x.mp4 | 255.255.255.255, the broadcast address",
            "http://192.0.0.170/x.mp4 | 192.0.0.170, a reserved address",
            "http://198.18.0.1/x.mp4 | 198.18.0.1, a reserved address",
            "http://240.0.0.1/x.mp4 | 240.0.0.1, a reserved address",
            "http://metadata.example/latest/meta-data/ | 169.254.169.254, a link-local address",
            "http://v6-metadata.example/latest/meta-data/ | fd00:ec2:0:0:0:0:0:254, a unique-local address",
            "http://half-private.example/x.mp4 | 10.0.0.7, a private address" })
    void anAddressThatIsNotPublicIsRefusedNamingIt(String url, String why) {
        SourcePolicy policy = policy(true, List.of(), List.of());
        SourceRefusedException refused = assertThrows(SourceRefusedException.class, () -> policy.addresses(policy.source(url), inSeconds(10)));
        assertTrue(refused.getMessage().contains("resolves to " + why), refused.getMessage());
        assertTrue(refused.getMessage().contains(HttpUrl.parse(url).orElseThrow().host()), "names the host: " + refused.getMessage());
    }

    /** A number written otherwise than a.b.c.d: refused as it is written, before any lookup. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http://2130706433:8123/x.mp4", "http://0177.0.0.1:8123/x.mp4", "http://0x7f.1:8123/x.mp4",
            "http://127.1:8123/x.mp4", "http://0x7f000001/x.mp4", "http://017700000001/x.mp4", "http://0/x.mp4",
            "http://127.0.0.01/x.mp4", "http://127.0.0.1./x.mp4", "https://169.254.43518/x.mp4", "http://1.2.3.0x4/x.mp4" })
    void aNumberWrittenOtherwiseThanDottedQuadIsRefusedWithoutALookup(String url) {
        SourcePolicy policy = policy(true, List.of(), List.of());
        SourceRefusedException refused = assertThrows(SourceRefusedException.class, () -> policy.source(url));
        assertTrue(refused.getMessage().contains("is a number written otherwise than a.b.c.d"), refused.getMessage());
        assertEquals(List.of(), lookups);
    }

    @Test
    void plainHttpIsRefusedWithoutALookupUnlessAllowed() {
        SourcePolicy strict = policy(false, List.of(), List.of());
        SourceRefusedException refused = assertThrows(SourceRefusedException.class,
                () -> strict.source("http://cdn.example/v/abc.mp4?X-Amz-Signature=SECRET"));
        assertEquals("Refused the video at http://cdn.example/v/abc.mp4: it is not https (plain http is allowed only with"
                + " VEO_KEEP_ALLOW_HTTP_SOURCES, for tests); nothing was fetched from it.", refused.getMessage());
        assertEquals(List.of(), lookups);

        assertEquals(List.of("93.184.215.14"), addresses(policy(true, List.of(), List.of()), "http://cdn.example/v/abc.mp4"));
        assertEquals(List.of("93.184.215.14"), addresses(strict, "https://cdn.example/v/abc.mp4"));
    }

    @Test
    void theHostListNarrowsTheHostsWithoutALookupForOthers() {
        SourcePolicy vendorOnly = policy(false, List.of(" tempfile.aiquickdraw.com", "FILE.aiquickdraw.com. "), List.of());
        assertEquals(List.of("104.21.32.1", "2606:4700:3030:0:0:0:6815:2001"),
                addresses(vendorOnly, "https://TEMPFILE.aiquickdraw.com/p/0123.mp4"));
        lookups.clear();

        SourceRefusedException refused = assertThrows(SourceRefusedException.class,
                () -> vendorOnly.source("https://cdn.example/p/0123.mp4?sig=SECRET"));
        assertEquals("Refused the video at https://cdn.example/p/0123.mp4: its host cdn.example is not one of"
                + " VEO_KEEP_SOURCE_HOSTS (tempfile.aiquickdraw.com, file.aiquickdraw.com); nothing was fetched from it.",
                refused.getMessage());
        assertEquals(List.of(), lookups);
    }

    @Test
    void onlyTheListedHostAndPortAsWrittenMayReachAPrivateAddress() {
        SourcePolicy tests = policy(true, List.of(), List.of("localhost:8123", "[::1]:8124"));
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), addresses(tests, "http://LOCALHOST:8123/cdn/x.mp4"));
        assertEquals(List.of("0:0:0:0:0:0:0:1"), addresses(tests, "http://[::1]:8124/cdn/x.mp4"));
        for (String other : List.of("http://localhost:8125/x", "http://127.0.0.1:8123/x", "http://localhost/x",
                "https://localhost/x", "http://[::1]:8123/x", "http://[0:0:0:0:0:0:0:1]:8124/x")) {
            assertThrows(SourceRefusedException.class, () -> tests.addresses(tests.source(other), inSeconds(10)), other);
        }
        IllegalArgumentException notAPair = assertThrows(IllegalArgumentException.class,
                () -> policy(true, List.of(), List.of("localhost")));
        assertTrue(notAPair.getMessage().contains("VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES"), notAPair.getMessage());
    }

    @Test
    void aRedirectIsCheckedAsTheFirstUrlIsAndNotFollowedMoreThanThreeTimes() {
        SourcePolicy strict = policy(false, List.of(), List.of());
        HttpUrl from = strict.source("https://cdn.example/v/abc.mp4?sig=SECRET");

        assertEquals("https://cdn.example/w/abc.mp4", strict.redirect(from, "/w/abc.mp4?sig=OTHER", 1).shown(200));
        assertEquals("https://tempfile.aiquickdraw.com/p/1.mp4",
                strict.redirect(from, "https://tempfile.aiquickdraw.com/p/1.mp4", 3).shown(200));

        SourceRefusedException downgrade = assertThrows(SourceRefusedException.class,
                () -> strict.redirect(from, "http://cdn.example/v/abc.mp4?sig=SECRET", 1));
        assertEquals("Refused the redirect from https://cdn.example/v/abc.mp4 to http://cdn.example/v/abc.mp4: it is not https"
                + " (a downgrade from https), and plain http is allowed only with VEO_KEEP_ALLOW_HTTP_SOURCES, for tests;"
                + " nothing was fetched from it.", downgrade.getMessage());
        SourceRefusedException tooMany = assertThrows(SourceRefusedException.class,
                () -> strict.redirect(from, "https://cdn.example/again", 4));
        assertTrue(tooMany.getMessage().contains("it redirected more than 3 times"), tooMany.getMessage());
        SourceRefusedException notAUrl = assertThrows(SourceRefusedException.class,
                () -> strict.redirect(from, "ht tp://what ever", 1));
        assertTrue(notAUrl.getMessage().contains("not an absolute http(s) URL"), notAUrl.getMessage());

        SourcePolicy tests = policy(true, List.of(), List.of("localhost:8123"));
        HttpUrl fake = tests.source("http://localhost:8123/cdn/x.mp4");
        SourceRefusedException elsewhere = assertThrows(SourceRefusedException.class,
                () -> tests.addresses(tests.redirect(fake, "http://localhost:8999/internal", 1), inSeconds(10)));
        assertTrue(elsewhere.getMessage().contains("127.0.0.1, a loopback address"), elsewhere.getMessage());
        assertFalse(downgrade.getMessage().contains("SECRET") || tooMany.getMessage().contains("SECRET"));
    }

    @Test
    void aHostThatDoesNotResolveIsAFailureOfTheMomentNotARefusal() {
        SourcePolicy policy = policy(false, List.of(), List.of());
        KeepUnavailableException unknown = assertThrows(KeepUnavailableException.class,
                () -> policy.addresses(policy.source("https://gone.example/x.mp4?sig=SECRET"), inSeconds(10)));
        assertEquals("The host of the video at https://gone.example/x.mp4 could not be resolved (UnknownHostException).",
                unknown.getMessage());
    }

    /** A resolver that takes 4 s is not waited for past the 1 s deadline: a failure of the moment, retried. */
    @Test
    void aLookupThatOutlastsTheDeadlineIsCutThere() {
        SourcePolicy policy = policy(false, List.of(), List.of());
        HttpUrl slow = policy.source("https://slow.example/v/abc.mp4?sig=SECRET");

        long start = System.nanoTime();
        KeepUnavailableException late = assertThrows(KeepUnavailableException.class,
                () -> policy.addresses(slow, Deadline.after(Duration.ofSeconds(1))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("The host slow.example of the video at https://slow.example/v/abc.mp4 did not resolve in time (the lookup"
                + " was still running at the deadline).", late.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1_300)) < 0, "returned at the 1 s deadline, took " + took.toMillis() + " ms");
        KeepUnavailableException noTime = assertThrows(KeepUnavailableException.class,
                () -> policy.addresses(policy.source("https://cdn.example/x.mp4"), new Deadline(System.nanoTime())));
        assertTrue(noTime.getMessage().contains("did not resolve in time"), noTime.getMessage());
        assertEquals(List.of("slow.example"), lookups, "no lookup is started when no time is left");
    }

    /** Lookups cut at their deadline, and some waiting for a thread: once the bean is stopped, none of its threads is left. */
    /** Lookups cut at their deadline before a thread took them give their places in the queue back. */
    @Test
    void lookupsCutBeforeTheyStartedLeaveNoPlaceTaken() {
        // A lookup in the JDK's resolver cannot be interrupted: these hold their threads until released.
        CountDownLatch released = new CountDownLatch(1);
        HostLookups pool = new HostLookups(host -> {
            while (true) {
                try {
                    released.await();
                    return new InetAddress[0];
                } catch (InterruptedException ignored) {
                    // as the resolver would
                }
            }
        });
        pools.add(pool);
        SourcePolicy policy = new SourcePolicy(false, List.of(), List.of(), pool);
        try {
            for (int i = 0; i < 3 * (HostLookups.MAX_THREADS + HostLookups.MAX_WAITING); i++) {
                HttpUrl url = policy.source("https://host" + i + ".example/x.mp4");
                KeepUnavailableException cut = assertThrows(KeepUnavailableException.class,
                        () -> policy.addresses(url, Deadline.after(Duration.ofMillis(20))));
                assertTrue(cut.getMessage().contains("the lookup was still running at the deadline"), i + ": " + cut.getMessage());
            }
        } finally {
            released.countDown();
        }
    }

    @Test
    void noLookupThreadOutlivesTheBean() throws InterruptedException {
        Set<Thread> others = lookupThreads();
        HostLookups pool = lookups(host -> {
            Thread.sleep(60_000);
            return new InetAddress[0];
        });
        SourcePolicy policy = new SourcePolicy(false, List.of(), List.of(), pool);
        for (int i = 0; i < HostLookups.MAX_THREADS + 2; i++) {
            HttpUrl url = policy.source("https://host" + i + ".example/x.mp4");
            assertThrows(KeepUnavailableException.class, () -> policy.addresses(url, Deadline.after(Duration.ofMillis(50))));
        }
        Set<Thread> running = lookupThreads();
        running.removeAll(others);
        assertEquals(HostLookups.MAX_THREADS, running.size(), "the pool's threads, each held by a lookup: " + running);
        assertTrue(running.stream().allMatch(Thread::isDaemon), "they never hold the runtime up");

        pool.stop();
        for (Thread thread : running) {
            thread.join(1_000);
        }

        Set<Thread> left = lookupThreads();
        left.removeAll(others);
        assertEquals(Set.of(), left, "threads of the stopped bean");
        KeepUnavailableException stopped = assertThrows(KeepUnavailableException.class,
                () -> policy.addresses(policy.source("https://cdn.example/x.mp4"), inSeconds(10)));
        assertTrue(stopped.getMessage().contains("did not resolve in time"), stopped.getMessage());
    }

    private static Set<Thread> lookupThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(HostLookups.THREAD_NAME))
                .filter(Thread::isAlive).collect(Collectors.toCollection(HashSet::new));
    }

    /** An IPv6 address with a zone names an interface of this machine: only a link-local address has one. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http://[fe80::1%25eth0]/x.mp4", "https://[fe80::1%25eth0]:8443/x.mp4", "http://[fe80::1%251]/x.mp4",
            "http://[2606:4700::1%25eth0]/x.mp4", "http://[fe80::1%eth0]/x.mp4" })
    void anIpv6AddressWithAZoneIsRefusedWithoutALookup(String url) {
        SourcePolicy policy = policy(true, List.of(), List.of());
        SourceRefusedException refused = assertThrows(SourceRefusedException.class,
                () -> policy.addresses(policy.source(url), inSeconds(10)));
        assertTrue(refused.getMessage().contains("names a network interface (an IPv6 zone)"), refused.getMessage());
        assertEquals(List.of(), lookups);
    }

    @Test
    void somethingThatIsNotAnHttpUrlIsRefusedWithoutRepeatingIt() {
        SourcePolicy policy = policy(true, List.of(), List.of());
        for (String text : List.of("file:///etc/passwd", "ftp://cdn.example/x.mp4", "jar:http://cdn.example/x!/y", "//cdn.example/x",
                "http:///x.mp4", "http://a b/x.mp4")) {
            SourceRefusedException refused = assertThrows(SourceRefusedException.class, () -> policy.source(text), text);
            assertTrue(refused.getMessage().contains("not an absolute http(s) URL"), refused.getMessage());
            assertFalse(refused.getMessage().contains(text), refused.getMessage());
        }
        assertEquals(List.of(), lookups);
    }

    private List<String> addresses(SourcePolicy policy, String url) {
        return policy.addresses(policy.source(url), inSeconds(10)).stream().map(InetAddress::getHostAddress).toList();
    }
}
