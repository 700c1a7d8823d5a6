package io.veostatus.kernel;

import java.util.regex.Pattern;

import io.veostatus.error.InvalidTaskIdException;

/**
 * A task id that is safe to put in the upstream URL: 1 to 128 characters of {@code A-Z a-z 0-9 _ -}
 * after trimming. Validating here, before any call, means no caller input can change which host or
 * path is called, and an obviously wrong id costs no upstream request.
 */
public record TaskId(String value) {

    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]+");

    public TaskId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid task id; use TaskId.parse for caller input");
        }
    }

    /** Validates caller input, with an error that says what is wrong but does not echo the input back. */
    public static TaskId parse(String raw) {
        if (raw == null) {
            throw new InvalidTaskIdException("The taskId is missing: give a Veo task id such as 3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7.");
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidTaskIdException("The taskId is empty: give a Veo task id such as 3f2a9c0e5b7d41e8a6c4d2b0f1e3a5c7.");
        }
        if (trimmed.length() > MAX_LENGTH) {
            throw new InvalidTaskIdException("The taskId has " + trimmed.length() + " characters, more than the "
                    + MAX_LENGTH + " a Veo task id can have.");
        }
        if (!ALLOWED.matcher(trimmed).matches()) {
            throw new InvalidTaskIdException(
                    "The taskId may contain only the letters A-Z and a-z, the digits 0-9, '_' and '-'.");
        }
        return new TaskId(trimmed);
    }

    @Override
    public String toString() {
        return value;
    }
}
