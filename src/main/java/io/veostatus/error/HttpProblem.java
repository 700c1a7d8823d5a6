package io.veostatus.error;

/**
 * How the HTTP edge answers: a status and an RFC 9457 problem type (the last part of
 * {@code urn:veo-status:problem:<type>}) with its title, as docs/api.md's "Responses and problem documents" lists them.
 */
public record HttpProblem(int status, String type, String title) {

    /** A 503 is for now only, so it tells the caller when to come back; no other status does. */
    public boolean retryAfter() {
        return status == 503;
    }
}
