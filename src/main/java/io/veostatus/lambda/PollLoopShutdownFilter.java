package io.veostatus.lambda;

import java.net.SocketException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.quarkus.runtime.Application;

/**
 * Keeps a normal shutdown from logging an ERROR. When Lambda retires an environment it sends SIGTERM; Quarkus
 * then stops, closing the native poll loop's connection to the Runtime API while the loop waits on it for the
 * next event, and the loop reports the resulting "Socket closed" as {@code ERROR Error running lambda} with a
 * stack trace, once per environment: an alarm on ERROR would count every retirement as a fault. This filter
 * drops exactly that record: from the poll loop, for a {@link SocketException}, and only once the application
 * has begun to stop. The same failure while the application runs (the Runtime API going away) is still logged.
 * The loop's own next line, "Lambda polling thread complete", says that it ended. Part of the console's filter
 * ({@link ConsoleFilter}).
 */
public final class PollLoopShutdownFilter implements Filter {

    static final String POLL_LOOP = "io.quarkus.amazon.lambda.runtime.AbstractLambdaPollLoop";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(POLL_LOOP.equals(record.getLoggerName())
                && record.getLevel().intValue() >= Level.SEVERE.intValue()
                && record.getThrown() instanceof SocketException
                && stopping());
    }

    private static boolean stopping() {
        Application application = Application.currentApplication();
        return application != null && !application.isStarted();
    }
}
