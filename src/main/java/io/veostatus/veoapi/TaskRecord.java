package io.veostatus.veoapi;

import java.time.Instant;
import java.util.List;

import io.veostatus.kernel.TaskId;

/**
 * A task as record-info describes it, every field checked by {@link RecordInfoClassifier}: the flag is one
 * of the four documented ones, a success has at least one video URL, every URL is an absolute http(s) URL,
 * every time is plausible or null, and no text is the literal "null".
 *
 * @param successFlag 0 generating, 1 success, 2 failed, 3 generation failed
 * @param errorCode the upstream's {@code errorCode} as text, or null
 * @param errorMessage the upstream's {@code errorMessage} on one line, or null
 * @param prompt the {@code prompt} inside {@code paramJson}, or null
 * @param aspectRatio the {@code aspectRatio} (or {@code aspect_ratio}) inside {@code paramJson}, such as 16:9, or null
 */
public record TaskRecord(
        TaskId taskId,
        int successFlag,
        List<String> videoUrls,
        List<String> fullVideoUrls,
        List<String> originUrls,
        String resolution,
        boolean fallback,
        String errorCode,
        String errorMessage,
        Instant createdAt,
        Instant completedAt,
        String prompt,
        String aspectRatio) implements TaskReport {

    public static final int GENERATING = 0;
    public static final int SUCCESS = 1;
    public static final int FAILED = 2;
    public static final int GENERATION_FAILED = 3;

    public TaskRecord {
        videoUrls = List.copyOf(videoUrls);
        fullVideoUrls = List.copyOf(fullVideoUrls);
        originUrls = List.copyOf(originUrls);
    }
}
