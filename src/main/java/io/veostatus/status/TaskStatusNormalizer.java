package io.veostatus.status;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.veostatus.error.TaskNotFoundException;
import io.veostatus.error.UpstreamAuthException;
import io.veostatus.error.UpstreamThrottledException;
import io.veostatus.error.UpstreamUnavailableException;
import io.veostatus.upstream.RecordInfoAnswer;
import io.veostatus.upstream.RecordInfoData;
import io.veostatus.upstream.RecordInfoResult;
import io.veostatus.upstream.TaskId;

/**
 * Turns one parsed record-info answer into a TaskStatus (CONTRACT section 4) or throws the typed
 * outcome of CONTRACT section 5. It is a pure function of its arguments: no clock, no I/O, so it is
 * tested over fixture files without Quarkus.
 *
 * <p>The rule that governs every branch: an answer that is not understood is never reported as
 * SUCCEEDED or FAILED; it is {@link UpstreamUnavailableException}, which callers retry.
 */
public final class TaskStatusNormalizer {

    /**
     * 422 messages that mean "no such record" rather than "the task was rejected": they speak of the
     * record, or of the 14-day window. A message that merely contains "null" or "empty" (an image URL
     * that is null, a prompt that is empty) is a rejection, not a missing record.
     */
    private static final Pattern NOT_FOUND_422 = Pattern.compile(
            "(?i).*(record\\w*(\\s+result)?(\\s+data)?\\s+(is\\s+)?(null|missing|empty|blank|not\\s+exists?)\\b"
                    + "|record\\w*\\s+not\\s+found|within\\s+14\\s+days).*",
            Pattern.DOTALL);
    /** A 422 that says the record exists but is not finished: it does not say whether it is generating or failed. */
    private static final Pattern UNFINISHED_422 = Pattern.compile("(?i).*record\\s+status\\s+is\\s+not\\s+success.*");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** The upstream's zone-less time, with a space or a 'T' (exactly one) between date and time. */
    private static final Pattern ZONELESS_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");
    private static final DateTimeFormatter ZONELESS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    /** Epoch values below this are seconds, not milliseconds (it is 1973 in ms, 5138 in s). */
    private static final long SMALLEST_EPOCH_MILLIS = 100_000_000_000L;
    private static final int MAX_UPSTREAM_TEXT = 300;

    private final ZoneId upstreamZone;
    private final ObjectMapper json;

    public TaskStatusNormalizer(ZoneId upstreamZone, ObjectMapper json) {
        this.upstreamZone = Objects.requireNonNull(upstreamZone);
        this.json = Objects.requireNonNull(json);
    }

    /** @return the task's status, without {@code poll}; the caller adds it. */
    public TaskStatus normalize(TaskId taskId, RecordInfoAnswer answer) {
        if (answer == null || answer.code() == null) {
            throw new UpstreamUnavailableException("The Veo API answered without a code for task " + taskId
                    + ", so the answer is not understood.");
        }
        int code = answer.code();
        String msg = cleanMessage(answer.msg());
        return switch (code) {
            case 200 -> fromRecord(taskId, answer.data());
            case 400, 451 -> rejected(taskId, code, msg);
            case 422 -> {
                if (msg == null) {
                    // 422 covers both "no such record" and "rejected": without a message it cannot be told which.
                    throw new UpstreamUnavailableException("The Veo API answered code 422 for task " + taskId
                            + " without saying why, which is not understood.");
                }
                if (NOT_FOUND_422.matcher(msg).matches()) {
                    throw notFound(taskId, msg);
                }
                if (UNFINISHED_422.matcher(msg).matches()) {
                    throw new UpstreamUnavailableException("The Veo API answered code 422 for task " + taskId
                            + detail(msg) + ", which does not say whether it is generating or failed.");
                }
                yield rejected(taskId, code, msg);
            }
            case 404 -> throw notFound(taskId, msg == null ? "code 404" : msg);
            case 401 -> throw new UpstreamAuthException("The Veo API refused the API key with code 401"
                    + detail(msg) + "; check VEO_API_KEY.");
            case 429 -> throw new UpstreamThrottledException("The Veo API is rate-limiting this API key (code 429"
                    + (msg == null ? "" : ": " + msg) + ").");
            default -> throw new UpstreamUnavailableException("The Veo API answered code " + code + " for task " + taskId
                    + detail(msg) + (code == 455 || code >= 500 ? "." : ", which is not understood."));
        };
    }

    private TaskStatus fromRecord(TaskId taskId, RecordInfoData data) {
        if (data == null) {
            throw notFound(taskId, "the answer has no record");
        }
        String answeredId = cleanText(data.taskId());
        if (answeredId != null && !answeredId.equals(taskId.value())) {
            throw new UpstreamUnavailableException("The Veo API answered about a different task than " + taskId
                    + ", so the answer is not understood.");
        }
        Integer flag = data.successFlag();
        TaskState state = flag == null ? null : switch (flag) {
            case 0 -> TaskState.GENERATING;
            case 1 -> TaskState.SUCCEEDED;
            case 2, 3 -> TaskState.FAILED;
            default -> null;
        };
        if (state == null) {
            throw new UpstreamUnavailableException("The Veo API gave " + (flag == null ? "no successFlag" : "successFlag " + flag)
                    + " for task " + taskId + ", which is not understood.");
        }
        RecordInfoResult result = data.response();
        List<String> videoUrls = result == null ? List.of() : urls(result.resultUrls());
        if (state == TaskState.SUCCEEDED && videoUrls.isEmpty()) {
            // A success without a video is not something a caller can act on; it is asked again.
            throw new UpstreamUnavailableException("The Veo API reported task " + taskId
                    + " as successful without any video URL, which is not understood.");
        }
        return new TaskStatus(
                taskId.value(),
                state,
                flag,
                videoUrls,
                result == null ? null : urls(result.fullResultUrls()),
                result == null ? null : urls(result.originUrls()),
                result == null ? null : cleanText(result.resolution()),
                Boolean.TRUE.equals(data.fallbackFlag()),
                state == TaskState.FAILED ? generationError(flag, data) : null,
                instant(taskId, "createTime", data.createTime()),
                instant(taskId, "completeTime", data.completeTime()),
                prompt(data.paramJson()),
                null);
    }

    private static TaskError generationError(int flag, RecordInfoData data) {
        String code = scalarText(data.errorCode());
        String message = cleanMessage(data.errorMessage());
        return new TaskError(
                code != null ? code : (flag == 3 ? "GENERATION_FAILED" : "FAILED"),
                message != null ? message : "The Veo API reported that generating the video failed without giving a reason.");
    }

    private static TaskStatus rejected(TaskId taskId, int code, String msg) {
        return TaskStatus.failedWithoutRecord(taskId, new TaskError(String.valueOf(code),
                msg != null ? msg : "The Veo API rejected the task with code " + code + " without giving a reason."));
    }

    private static TaskNotFoundException notFound(TaskId taskId, String why) {
        return new TaskNotFoundException("The Veo API does not know task " + taskId + " (" + why
                + "): a new task can be unknown for a few seconds, and records are kept for 14 days.");
    }

    private static String detail(String msg) {
        return msg == null ? "" : " (" + msg + ")";
    }

    private static List<String> urls(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        return raw.stream().map(TaskStatusNormalizer::cleanText).filter(Objects::nonNull).toList();
    }

    /** Upstream text with "" and the literal "null" read as absent. */
    static String cleanText(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip();
        return text.isEmpty() || text.equalsIgnoreCase("null") ? null : text;
    }

    /** An upstream message as a caller may see it inside a sentence: one line, bounded. */
    static String cleanMessage(String raw) {
        String text = cleanText(raw == null ? null : raw.replaceAll("\\s+", " "));
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_UPSTREAM_TEXT ? text : text.substring(0, MAX_UPSTREAM_TEXT) + "...";
    }

    private static String scalarText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isValueNode()) {
            return cleanMessage(node.asText());
        }
        return null;
    }

    private Instant instant(TaskId taskId, String field, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return epoch(taskId, field, node.canConvertToLong() ? node.asLong() : -1);
        }
        if (!node.isTextual()) {
            throw new UpstreamUnavailableException("The Veo API gave " + field + " of an unexpected type for task "
                    + taskId + ", so the answer is not understood.");
        }
        String text = cleanText(node.asText());
        if (text == null) {
            return null;
        }
        if (DIGITS.matcher(text).matches() && text.length() <= 15) {
            return epoch(taskId, field, Long.parseLong(text));
        }
        // A time in a format nobody has seen yet, or an impossible date, says nothing about the task's
        // state: it is reported as unknown rather than failing the whole answer.
        try {
            if (ZONELESS_SHAPE.matcher(text).matches()) {
                return LocalDateTime.parse(text.replace('T', ' '), ZONELESS).atZone(upstreamZone).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException unknownFormat) {
            return null;
        }
    }

    private static Instant epoch(TaskId taskId, String field, long value) {
        if (value == 0) {
            return null;
        }
        try {
            if (value < 0) {
                throw new DateTimeException("negative");
            }
            return value < SMALLEST_EPOCH_MILLIS ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
        } catch (DateTimeException outOfRange) {
            throw new UpstreamUnavailableException("The Veo API gave " + field + " out of any plausible range for task "
                    + taskId + ", so the answer is not understood.");
        }
    }

    private String prompt(JsonNode paramJson) {
        if (paramJson == null || paramJson.isNull()) {
            return null;
        }
        JsonNode params = paramJson;
        if (paramJson.isTextual()) {
            try {
                params = json.readTree(paramJson.asText());
            } catch (JsonProcessingException notJson) {
                return null;
            }
        }
        return params != null && params.isObject() ? cleanText(params.path("prompt").isTextual()
                ? params.path("prompt").asText() : null) : null;
    }
}
