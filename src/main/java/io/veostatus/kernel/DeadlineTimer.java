package io.veostatus.kernel;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs an action when a {@link Deadline} passes, unless it is disarmed first: what cuts an I/O call that a timeout
 * set once cannot (a socket read that a source keeps alive with a byte now and then, then holds). A blocked read
 * does not notice that its thread is interrupted, so the action is to close what it reads from.
 *
 * <p>One daemon thread, started with the first arming and stopped with the application, serves every armed
 * deadline; an action must be short and must not block (closing a socket is).
 */
@ApplicationScoped
public class DeadlineTimer {

    /** Guarded by {@code this}; created on first use so that a function that never arms one starts no thread. */
    private ScheduledThreadPoolExecutor executor;

    /** An armed deadline: closing it disarms it, if it has not fired yet. */
    public interface Armed extends AutoCloseable {

        /** Whether the deadline passed and the action ran (or is running). */
        boolean fired();

        @Override
        void close();
    }

    /** Runs {@code action} once {@code deadline} has passed, unless the returned handle is closed first. */
    public Armed at(Deadline deadline, Runnable action) {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> scheduled = executor().schedule(() -> {
            fired.set(true);
            action.run();
        }, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        return new Armed() {
            @Override
            public boolean fired() {
                return fired.get();
            }

            @Override
            public void close() {
                scheduled.cancel(false);
            }
        };
    }

    private synchronized ScheduledThreadPoolExecutor executor() {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, work -> {
                Thread thread = new Thread(work, "veo-deadline-timer");
                thread.setDaemon(true);
                return thread;
            });
            // A disarmed deadline leaves the queue at once, not when it would have fired.
            executor.setRemoveOnCancelPolicy(true);
        }
        return executor;
    }

    @PreDestroy
    public synchronized void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
