package io.veostatus.kernel;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An absolute http(s) URL with a host, as the vendor's replies give them, and the one way such a URL is shown
 * (in messages, logs and the objects' metadata): {@link #shown(int)}, without its user info, query string and
 * fragment, which may carry a signature or credentials.
 *
 * <p>{@link URI} reads a host it does not recognize as a host name (a number such as {@code 2130706433} or
 * {@code 127.1}, a name with an underscore) as a "registry" authority and gives no host; resolvers, browsers and
 * the JDK still reach an address with it. Such a host is read from the authority here, so that it is checked like
 * any other, never passed over.
 *
 * @param uri the URL, in ASCII
 * @param https whether its scheme is https (else http)
 * @param host the host as written, lower-cased; an IPv6 literal with its brackets
 * @param port the port, or the scheme's default
 */
public record HttpUrl(URI uri, boolean https, String host, int port) {

    /** What a host of a registry authority may hold: URI's unreserved characters (no escapes, no IPv6). */
    private static final Pattern REGISTRY_HOST = Pattern.compile("[A-Za-z0-9._~-]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** The URL, if {@code text} is an absolute http or https URL with a host. */
    public static Optional<HttpUrl> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text);
            uri = new URI(uri.toASCIIString());
        } catch (URISyntaxException notAUri) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.empty();
        }
        boolean https = scheme.equals("https");
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return Optional.empty();
            }
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                String portText = authority.substring(colon + 1);
                if (!portText.isEmpty() && !PORT.matcher(portText).matches()) {
                    return Optional.empty();
                }
                port = portText.isEmpty() ? -1 : Integer.parseInt(portText);
                authority = authority.substring(0, colon);
            }
            host = authority;
            if (!REGISTRY_HOST.matcher(host).matches()) {
                return Optional.empty();
            }
        }
        if (host.isEmpty() || port == 0 || port > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new HttpUrl(uri, https, host.toLowerCase(Locale.ROOT), port < 0 ? (https ? 443 : 80) : port));
    }

    /** The host without the brackets of an IPv6 literal: what a resolver is given. */
    public String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether the port is the scheme's default one (so that a Host header leaves it out). */
    public boolean defaultPort() {
        return port == (https ? 443 : 80);
    }

    /** {@code host} or {@code host:port}, as a Host header and a person write it. */
    public String authority() {
        return defaultPort() ? host : host + ":" + port;
    }

    /**
     * The URL as it may be shown: scheme, host, port and path only, in ASCII, at most {@code maxLength} characters.
     * A longer one is cut and ends with the SHA-256 of the whole, so that it still names one URL.
     */
    public String shown(int maxLength) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return cut((https ? "https://" : "http://") + authority() + path, maxLength);
    }

    /** {@link #shown(int)} of a text that may not be a URL at all; such a text is never repeated. */
    public static String shown(String text, int maxLength) {
        return parse(text).map(url -> url.shown(maxLength)).orElse("a URL that is not an absolute http(s) URL");
    }

    private static String cut(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        String digest;
        try {
            digest = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
        String suffix = "...(sha256 " + digest + ")";
        return text.substring(0, Math.max(0, maxLength - suffix.length())) + suffix;
    }
}
