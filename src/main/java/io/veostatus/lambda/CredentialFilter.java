package io.veostatus.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * The last guard of the rule that no credential reaches a log line, whatever library writes the line and at whatever
 * level. The libraries known to print credentials are held at INFO or above in application.properties, so that their
 * lines are never made; this filter, on the console (the function's only log handler), catches what such a list
 * misses:
 * <ul>
 * <li>a line that holds one of the function's own credentials, as the environment gives them
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, which is also the
 * extension's {@code X-Aws-Parameters-Secrets-Token}) or as set ({@code VEO_API_KEY}), is written with each of them
 * replaced by {@value #REDACTED};
 * <li>a line that shows a credential's header or field followed by its value ({@code Authorization: ...},
 * {@code x-amz-security-token:...}, {@code "SecretString":...}), whose value this filter may not know (the key read
 * from a secret is read after the function starts), is withheld: its message says so instead.
 * </ul>
 * An exception whose messages hold either is left out of its line, which says so. What it costs: each line that
 * reaches the console is formatted once more and searched, in lower case, for a few names and values, about a
 * microsecond for a line of the usual length; at INFO that is the one summary line an invocation writes.
 *
 * <p>What it cannot see: a value cut into pieces, as a hex dump of the bytes sent cuts it (Netty's LoggingHandler),
 * or encoded; such loggers are held at INFO by name (application.properties).
 */
public final class CredentialFilter implements Filter {

    static final String REDACTED = "[REDACTED]";
    static final String WITHHELD = "(withheld: the line showed a credential)";
    static final String EXCEPTION_WITHHELD = " (its exception withheld: it held a credential)";

    /** Names that precede a credential's value in a header dump, a canonical request, a JSON answer or an environment. */
    private static final List<String> NAMES = List.of("authorization", "x-amz-security-token",
            "x-aws-parameters-secrets-token", "secretstring", "aws_secret_access_key", "aws_session_token");
    /** A shorter value would match ordinary text; no credential the function is given is this short. */
    private static final int SHORTEST_VALUE = 8;
    private static final int DEEPEST_CAUSE = 10;

    private final List<String> values;
    /** The message with its parameters applied, as the console prints it. */
    private final Formatter message = new PatternFormatter("%s");

    CredentialFilter(List<String> values) {
        this.values = values.stream().filter(value -> value != null && value.strip().length() >= SHORTEST_VALUE)
                .map(String::strip).distinct().toList();
    }

    /** The function's credentials, read when logging is set up, as the function starts. */
    static CredentialFilter ofThisFunction() {
        List<String> values = new ArrayList<>();
        Stream.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "VEO_API_KEY", "VEO_CALLBACK_HMAC_KEY",
                "VEO_CALLBACK_URL_SECRET").map(System::getenv).forEach(values::add);
        // The SDK's other source of credentials, and the key or extension token set otherwise than in the environment.
        Stream.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken").map(System::getProperty)
                .forEach(values::add);
        Stream.of("veo.api.key", "veo.api.secrets-extension-token", "veo.callback.hmac-key", "veo.callback.url-secret")
                .map(CredentialFilter::setting).forEach(values::add);
        return new CredentialFilter(values);
    }

    private static String setting(String name) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
        } catch (RuntimeException noConfigYet) {
            return null;
        }
    }

    /** Always true: a line that held a credential is written without it, so that its level and logger still show. */
    @Override
    public boolean isLoggable(LogRecord record) {
        String text = formatted(record);
        String cleaned = cleaned(text);
        if (cleaned != text) {
            rewrite(record, cleaned);
        }
        if (record.getThrown() != null && thrownHoldsCredential(record.getThrown())) {
            rewrite(record, formatted(record) + EXCEPTION_WITHHELD);
            record.setThrown(null);
        }
        return true;
    }

    /**
     * A line's text as this filter lets it be written: withheld if it shows a credential's header or field with a
     * value, with the function's credentials replaced if it holds one, else the same text (the same instance).
     */
    public String cleaned(String text) {
        if (showsCredential(text)) {
            return WITHHELD;
        }
        return holdsValue(text) ? redacted(text) : text;
    }

    private boolean showsCredential(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String name : NAMES) {
            for (int at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
                if (followedByValue(lower, at + name.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A name followed, past quotes and spaces, by ':' or '=': a header, a field or a variable with its value. */
    private static boolean followedByValue(String text, int from) {
        int at = from;
        while (at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == ' ')) {
            at++;
        }
        return at < text.length() && (text.charAt(at) == ':' || text.charAt(at) == '=');
    }

    private boolean holdsValue(String text) {
        for (String value : values) {
            if (text.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private String redacted(String text) {
        String redacted = text;
        for (String value : values) {
            redacted = redacted.replace(value, REDACTED);
        }
        return redacted;
    }

    private boolean thrownHoldsCredential(Throwable thrown) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < DEEPEST_CAUSE; depth++, cause = cause.getCause()) {
            String text = Optional.ofNullable(cause.getMessage()).orElse("");
            if (showsCredential(text) || holdsValue(text)) {
                return true;
            }
        }
        return false;
    }

    /** The message as the console would print it, its parameters applied. */
    private String formatted(LogRecord record) {
        try {
            return message.format(record);
        } catch (RuntimeException unformattable) {
            // The console's formatter meets the same failure and reports it; the pattern alone is what is searched.
            return Objects.toString(record.getMessage(), "");
        }
    }

    private static void rewrite(LogRecord record, String message) {
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(message, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(message);
        }
        record.setParameters(null);
    }
}
