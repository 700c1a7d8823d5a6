package io.veostatus.veoapi;

import io.veostatus.kernel.HttpUrl;

/** The Veo API's text as this application reads it, whichever endpoint gave it. */
final class UpstreamText {

    private UpstreamText() {
    }

    /** Upstream text with "" and the literal "null" read as absent. */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip();
        return text.isEmpty() || text.equalsIgnoreCase("null") ? null : text;
    }

    /** An upstream message as a caller may see it inside a sentence: one line, at most {@code maxLength} characters and "...". */
    static String message(String raw, int maxLength) {
        String text = clean(raw == null ? null : raw.replaceAll("\\s+", " "));
        if (text == null) {
            return null;
        }
        return text.length() <= maxLength ? text : text.substring(0, maxLength) + "...";
    }

    /**
     * Whether the text is an absolute http(s) URL with a host: the only kind of video URL ever passed on. A host
     * written as a number ({@code http://2130706433/}) is one too: passed on, the keeping function refuses it by name.
     */
    static boolean isHttpUrl(String text) {
        return HttpUrl.parse(text).isPresent();
    }
}
