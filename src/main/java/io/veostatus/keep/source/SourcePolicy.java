package io.veostatus.keep.source;

import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.veostatus.config.KeepConfig;
import io.veostatus.error.KeepUnavailableException;
import io.veostatus.error.SourceRefusedException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.HttpUrl;

/**
 * Where a video may be fetched from: the URLs come from the vendor's replies, which this function does not trust
 * (a compromised or spoofed Veo API could name the instance metadata service, the container credentials address or
 * any service beside the function). A source, and every redirect, must be
 * <ol>
 * <li>https, unless {@code VEO_KEEP_ALLOW_HTTP_SOURCES} (for tests);</li>
 * <li>on a host of {@code VEO_KEEP_SOURCE_HOSTS}, when that is set;</li>
 * <li>not a number written otherwise than {@code a.b.c.d} ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1},
 * {@code 127.1}): resolvers disagree on what those are (the JDK reads {@code 0177} as 177, the C library as 127);</li>
 * <li>on a host whose every address, as the JDK resolves it, is public ({@link AddressKind}), unless its
 * {@code host:port} is one of {@code VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES}, which tests set for their stand-in.</li>
 * </ol>
 * Every refusal is a {@link SourceRefusedException} that names the host and why, never the query string. The
 * download then connects to one of the addresses checked here, never to a name resolved again (VideoSource).
 */
@ApplicationScoped
public class SourcePolicy {

    /**
     * Redirects followed for one video. The vendor's links are answered directly (docs/vendor-media.md); a CDN may
     * add a hop or two (a signed location, a regional edge), and a longer chain is not a CDN's but a loop or a walk
     * through hosts, each hop a connection out of the attempt's time.
     */
    static final int MAX_REDIRECTS = 3;
    /** How long a URL may be in a message. */
    public static final int SHOWN_LENGTH = 200;

    /** The last label of a host that a resolver reads as a number: digits, or 0x and hex digits. */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?i)(?:[0-9]+|0x[0-9a-f]*)");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final boolean allowHttp;
    private final Set<String> hosts;
    private final Set<String> privateAllowed;
    private final HostLookups lookups;

    @Inject
    public SourcePolicy(KeepConfig config, HostLookups lookups) {
        this(config.allowHttpSources(), config.sourceHosts().orElse(List.of()),
                config.unsafeAllowPrivateSources().orElse(List.of()), lookups);
    }

    SourcePolicy(boolean allowHttp, List<String> hosts, List<String> privateAllowed, HostLookups lookups) {
        this.allowHttp = allowHttp;
        this.hosts = new LinkedHashSet<>();
        hosts.stream().map(String::strip).filter(host -> !host.isEmpty()).map(SourcePolicy::comparable).forEach(this.hosts::add);
        this.privateAllowed = new LinkedHashSet<>();
        for (String pair : privateAllowed) {
            String entry = pair.strip().toLowerCase(Locale.ROOT);
            int colon = entry.lastIndexOf(':');
            if (colon < 1 || !entry.substring(colon + 1).matches("[0-9]{1,5}") || entry.endsWith("]")) {
                throw new IllegalArgumentException("veo.keep.unsafe-allow-private-sources (VEO_KEEP_UNSAFE_ALLOW_PRIVATE_SOURCES) "
                        + "holds '" + pair.strip() + "', which is not host:port.");
            }
            this.privateAllowed.add(entry.substring(0, colon) + ":" + Integer.parseInt(entry.substring(colon + 1)));
        }
        this.lookups = lookups;
    }

    /** The URL of a video as the vendor gave it, if its scheme, host and number form may be fetched. */
    public HttpUrl source(String text) {
        HttpUrl url = HttpUrl.parse(text).orElseThrow(() -> new SourceRefusedException(
                "Refused a video's URL that is not an absolute http(s) URL; nothing was fetched from it."));
        if (!url.https() && !allowHttp) {
            throw refused(url, "it is not https (plain http is allowed only with VEO_KEEP_ALLOW_HTTP_SOURCES, for tests)");
        }
        return named(url);
    }

    /**
     * Where the redirect of {@code from} to {@code location} (relative to it) leads, if that may be fetched; the
     * {@code followed}-th redirect of this video.
     */
    HttpUrl redirect(HttpUrl from, String location, int followed) {
        if (followed > MAX_REDIRECTS) {
            throw refused(from, "it redirected more than " + MAX_REDIRECTS + " times");
        }
        Optional<HttpUrl> target;
        try {
            target = HttpUrl.parse(from.uri().resolve(new URI(location)).toString());
        } catch (java.net.URISyntaxException | IllegalArgumentException notAUri) {
            target = Optional.empty();
        }
        HttpUrl to = target.orElseThrow(() -> refused(from, "it redirected to a location that is not an absolute http(s) URL"));
        if (!to.https() && !allowHttp) {
            throw new SourceRefusedException("Refused the redirect from " + from.shown(SHOWN_LENGTH) + " to " + to.shown(SHOWN_LENGTH)
                    + ": it is not https" + (from.https() ? " (a downgrade from https)" : "")
                    + ", and plain http is allowed only with VEO_KEEP_ALLOW_HTTP_SOURCES, for tests; nothing was fetched from it.");
        }
        return named(to);
    }

    /**
     * Every address {@code url}'s host resolves to, each one checked: what the download may connect to. A host that
     * does not resolve, or not by {@code deadline} (the lookup is not waited for longer, {@link HostLookups}), is a
     * failure of the moment (retried), not a refusal.
     */
    public List<InetAddress> addresses(HttpUrl url, Deadline deadline) {
        InetAddress[] resolved;
        try {
            resolved = lookups.resolve(url.bareHost(), deadline);
        } catch (HostLookups.NotResolved unknown) {
            throw new KeepUnavailableException(unknown.timedOut()
                    ? "The host " + url.host() + " of the video at " + url.shown(SHOWN_LENGTH) + " did not resolve in time ("
                            + unknown.getMessage() + ")."
                    : "The host of the video at " + url.shown(SHOWN_LENGTH) + " could not be resolved (" + unknown.getMessage() + ").");
        }
        if (resolved == null || resolved.length == 0) {
            throw new KeepUnavailableException("The host of the video at " + url.shown(SHOWN_LENGTH) + " resolved to no address.");
        }
        if (!privateAllowed.contains(url.host() + ":" + url.port())) {
            for (InetAddress address : resolved) {
                AddressKind kind = AddressKind.of(address);
                if (kind != AddressKind.PUBLIC) {
                    throw refused(url, "its host " + url.host() + " resolves to " + address.getHostAddress() + ", "
                            + kind.phrase() + ", and videos are fetched only from public addresses");
                }
            }
        }
        return List.copyOf(Arrays.asList(resolved));
    }

    /** The rules of the host's name: the allow-list, and no ambiguous number. */
    private HttpUrl named(HttpUrl url) {
        if (!hosts.isEmpty() && !hosts.contains(comparable(url.host()))) {
            throw refused(url, "its host " + url.host() + " is not one of VEO_KEEP_SOURCE_HOSTS (" + String.join(", ", hosts) + ")");
        }
        String host = url.bareHost();
        if (url.host().startsWith("[") && host.contains("%")) {
            // fe80::1%eth0: a zone means "this interface of this machine", which only a link-local address needs, and
            // a resolver would fail on it for now and again, never refuse it.
            throw refused(url, "its host " + url.host() + " names a network interface (an IPv6 zone), as only a link-local"
                    + " address needs, and videos are fetched only from public addresses");
        }
        String[] labels = comparable(host).split("\\.", -1);
        if (!url.host().startsWith("[") && NUMERIC_LAST_LABEL.matcher(labels[labels.length - 1]).matches()
                && !DOTTED_QUAD.matcher(host).matches()) {
            throw refused(url, "its host " + host + " is a number written otherwise than a.b.c.d, which resolvers read differently");
        }
        return url;
    }

    /** A host name as two spellings of the same name compare equal: lower case, without the root's trailing dot. */
    private static String comparable(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static SourceRefusedException refused(HttpUrl url, String why) {
        return new SourceRefusedException("Refused the video at " + url.shown(SHOWN_LENGTH) + ": " + why
                + "; nothing was fetched from it.");
    }
}
