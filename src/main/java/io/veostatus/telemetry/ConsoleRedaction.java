package io.veostatus.telemetry;

/**
 * What the console's filter does to the text of every line it writes (a credential replaced, or the text withheld),
 * for the one line that is written past the console: the summary line with its metrics ({@link SummaryLine}). The
 * filter is the Lambda plumbing's (lambda/CredentialFilter), which telemetry does not reach; it provides this.
 */
@FunctionalInterface
public interface ConsoleRedaction {

    String apply(String text);
}
