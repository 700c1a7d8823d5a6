package io.veostatus.veoapi;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code data.response} of a record-info reply; null while the video is generating. The URL lists are
 * read as lists of strings only: a number or a boolean where a URL belongs is a wrong type, not a URL.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordInfoResult(
        String taskId,
        List<String> resultUrls,
        List<String> fullResultUrls,
        List<String> originUrls,
        String resolution) {
}
