package io.veostatus.keep;

import io.veostatus.kernel.TaskId;

/**
 * Where a video is stored, derived from the task id and the video's index only, so that keeping the same
 * task again finds the same objects: {@code <prefix><taskId>/<index>.mp4} for the original and
 * {@code <prefix><taskId>/<index>-1080p.mp4} for its 1080p version. A task id is validated to
 * {@code A-Z a-z 0-9 _ -}, so no id can reach outside its folder.
 */
record ObjectKeys(String prefix) {

    ObjectKeys {
        // "veo" and "veo/" mean the same folder; an empty prefix is the bucket's root.
        prefix = prefix == null || prefix.isBlank() ? "" : prefix.strip().endsWith("/") ? prefix.strip() : prefix.strip() + "/";
    }

    String original(TaskId taskId, int index) {
        return prefix + taskId.value() + "/" + index + ".mp4";
    }

    String hd(TaskId taskId, int index) {
        return prefix + taskId.value() + "/" + index + "-1080p.mp4";
    }
}
