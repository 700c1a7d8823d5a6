package io.veostatus.error;

/**
 * A video's source was refused before anything was fetched from it: its URL is not https (and plain http is not
 * allowed), names a host outside {@code VEO_KEEP_SOURCE_HOSTS}, is a number written in a form resolvers read
 * differently, resolves to an address that is not public (loopback, private, link-local, the instance metadata
 * address ...), or redirects more than a few times or to such a URL; or the task lists more videos than a task
 * may have. Nothing was fetched from that source and nothing was stored for it. Not retried: the vendor's record
 * gives the same URL again, and such a URL may be the sign of a compromised or spoofed upstream.
 */
public final class SourceRefusedException extends VeoStatusException {

    public SourceRefusedException(String message) {
        super(Outcome.SOURCE_REFUSED, message);
    }
}
