package io.veostatus.upstream;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code data.response} of a record-info answer; null while the video is generating. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordInfoResult(
        String taskId,
        List<String> resultUrls,
        List<String> fullResultUrls,
        List<String> originUrls,
        String resolution) {
}
