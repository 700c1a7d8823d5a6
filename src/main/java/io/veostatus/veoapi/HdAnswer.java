package io.veostatus.veoapi;

/**
 * What the 1080p endpoint said about one video: its URL once ready, else why not yet.
 *
 * @param url the 1080p file's absolute http(s) URL, or null while it is not ready
 * @param reason the vendor's words (or the failure) when not ready, or null
 */
public record HdAnswer(String url, String reason) {

    static HdAnswer ready(String url) {
        return new HdAnswer(url, null);
    }

    static HdAnswer notYet(String reason) {
        return new HdAnswer(null, reason);
    }

    public boolean ready() {
        return url != null;
    }
}
