package io.veostatus.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code VEO_API_BASE_URL} may be: an absolute https URL with a host, an optional port and an optional path, and
 * nothing the key would travel with or that the API's paths could not be appended to. Plain http is allowed only to a
 * loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), which is where dev mode and the tests run their
 * stand-in of the API: anywhere else it would send the key in clear. Checked when the function starts
 * (veoapi/ApiBaseUrlCheck), so that a wrong value fails the start with one sentence instead of every poll as an outage.
 */
public final class ApiBaseUrl {

    private static final String SHOULD_BE = "VEO_API_BASE_URL must be an absolute https URL such as https://api.veo3api.ai";
    /** A value shown back in the sentence: only plain URL characters, never anything that could be a password. */
    private static final Pattern SHOWABLE = Pattern.compile("[A-Za-z0-9.:/\\[\\]_~-]{1,100}");
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\." + OCTET + "){3}");
    private static final Pattern LOOPBACK_IPV6 = Pattern.compile("\\[(0{0,4}:){2,7}0{0,3}1]");

    private ApiBaseUrl() {
    }

    /** What is wrong with {@code value}, as one sentence naming VEO_API_BASE_URL; empty when it may be used. */
    public static Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(SHOULD_BE + ", but it is empty.");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException notAUrl) {
            return Optional.of(SHOULD_BE + ", but " + shown(value) + " is not a URL (" + notAUrl.getReason() + " at index "
                    + notAUrl.getIndex() + ").");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            return Optional.of(SHOULD_BE + ", but the value has user information (user:password@) before the host, which "
                    + "would be sent with every request and written wherever the URL is; it is not shown here.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of(SHOULD_BE + ", but the value has a query (?) or fragment (#), to which the API's paths "
                    + "cannot be appended; it is not shown here.");
        }
        if (uri.getScheme() == null) {
            return Optional.of(SHOULD_BE + ", but " + shown(value) + " has no scheme: write it with https:// in front.");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of(SHOULD_BE + ", but " + shown(value) + " is not an http(s) URL.");
        }
        if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of(SHOULD_BE + ", but " + shown(value) + " names no host.");
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            return Optional.of(SHOULD_BE + ", but " + shown(value) + " is plain http, which would send the API key "
                    + "unencrypted (http is allowed only to localhost, 127.0.0.0/8 and [::1], for a local stand-in of the "
                    + "API).");
        }
        return Optional.empty();
    }

    /** Whether the host, as written, is a loopback one; decided on the text alone, never by asking DNS. */
    static boolean loopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || LOOPBACK_IPV4.matcher(name).matches() || LOOPBACK_IPV6.matcher(name).matches();
    }

    private static String shown(String value) {
        return SHOWABLE.matcher(value).matches() ? "'" + value + "'" : "the value";
    }
}
