package io.veostatus.lambda;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The console's filter (application.properties, {@code quarkus.log.console.filter}), which takes one: the lines a
 * normal shutdown would log as an ERROR are dropped ({@link PollLoopShutdownFilter}), and every other line is written
 * without a credential in it ({@link CredentialFilter}). Created by Quarkus when it sets up logging, as the function
 * starts, so that it reads the function's own credentials.
 */
@LoggingFilter(name = ConsoleFilter.NAME)
public final class ConsoleFilter implements Filter {

    public static final String NAME = "veo-status-console";

    private final Filter shutdown = new PollLoopShutdownFilter();
    private final Filter credentials = CredentialFilter.ofThisFunction();

    @Override
    public boolean isLoggable(LogRecord record) {
        return shutdown.isLoggable(record) && credentials.isLoggable(record);
    }
}
