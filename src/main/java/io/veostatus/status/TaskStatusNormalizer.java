package io.veostatus.status;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
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

    /** 422 messages that mean "no such record" rather than "the task was rejected". */
    private static final Pattern NOT_FOUND_422 = Pattern.compile(
            "(?i).*(record\\w*\\s+is\\s+null|\\bnull\\b|not\\s+exist|missing|\\bempty\\b|\\bblank\\b|14\\s+days).*",
            Pattern.DOTALL);
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final DateTimeFormatter ZONELESS = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
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
        return new TaskStatus(
                taskId.value(),
                state,
                flag,
                result == null ? null : urls(result.resultUrls()),
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
            return epoch(node.asLong());
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
            return epoch(Long.parseLong(text));
        }
        try {
            return LocalDateTime.parse(text, ZONELESS).atZone(upstreamZone).toInstant();
        } catch (DateTimeException zoneless) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException notIsoEither) {
                // A time in a format nobody has seen yet says nothing about the task's state:
                // report it as unknown rather than failing the whole answer.
                return null;
            }
        }
    }

    private static Instant epoch(long value) {
        return value < SMALLEST_EPOCH_MILLIS ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
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
