package io.veostatus.veoapi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.veostatus.kernel.PlausibleTime;

/**
 * Reads the upstream's times, which come as epoch milliseconds or seconds (a number, or digits as text),
 * as zone-less {@code yyyy-MM-dd HH:mm:ss} text in the upstream's zone, or as ISO-8601 with an offset.
 * A time says nothing about a task's state, so one that cannot be read, or lies outside
 * {@link PlausibleTime}, is unknown (null) rather than a reason to refuse the whole reply; only a value of
 * the wrong JSON type (a decimal, a boolean, an object) makes the reply not understood.
 */
final class UpstreamTime {

    /** Epoch values below this are seconds, not milliseconds (it is 1973 in ms, 5138 in s). */
    private static final long SMALLEST_EPOCH_MILLIS = 100_000_000_000L;
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    /** The upstream's zone-less time, with a space or a 'T' (exactly one) between date and time. */
    private static final Pattern ZONELESS_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");
    private static final DateTimeFormatter ZONELESS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private final ZoneId upstreamZone;

    UpstreamTime(ZoneId upstreamZone) {
        this.upstreamZone = upstreamZone;
    }

    /** Whether the node has a type a time can come in: absent, null, an integer or text. */
    static boolean wellTyped(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isIntegralNumber() || node.isTextual();
    }

    /** @return the instant, or null when the node holds no plausible time; call only when {@link #wellTyped}. */
    Instant read(JsonNode node, Instant now) {
        Instant time = parse(node);
        return time != null && PlausibleTime.plausible(time, now) ? time : null;
    }

    private Instant parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? epoch(node.asLong()) : null;
        }
        String text = node.asText().strip();
        if (DIGITS.matcher(text).matches()) {
            return epoch(Long.parseLong(text));
        }
        try {
            if (ZONELESS_SHAPE.matcher(text).matches()) {
                return LocalDateTime.parse(text.replace('T', ' '), ZONELESS).atZone(upstreamZone).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException unreadable) {
            return null;
        }
    }

    private static Instant epoch(long value) {
        if (value <= 0) {
            return null;
        }
        // Seconds this large are past any plausible time; reading them as such keeps the arithmetic in range.
        return value < SMALLEST_EPOCH_MILLIS ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
}
