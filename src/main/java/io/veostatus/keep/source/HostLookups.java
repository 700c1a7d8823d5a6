package io.veostatus.keep.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.kernel.Deadline;

/**
 * Looks a host name up within a deadline. {@link InetAddress#getAllByName} cannot be interrupted: it ends when the
 * resolver answers or its own timeouts pass (seconds each, per name server and attempt), and the name servers that
 * decide how long are those of the host, which a hostile record-info reply chooses. So each lookup runs on a thread
 * of a small pool of this bean's, and the caller waits for it only until its deadline; a lookup cut there goes on in
 * its thread until the resolver ends it, and its answer is dropped.
 *
 * <p>The pool is bounded ({@link #MAX_THREADS} threads, {@link #MAX_WAITING} lookups waiting for one): lookups that
 * outlive their callers cannot pile up threads invocation after invocation; when it is full, a lookup is refused at
 * once, as a failure of the moment. Its threads are daemons, made on first use (a function that never fetches a video
 * starts none), end after a while idle, and are stopped with the application.
 */
@ApplicationScoped
public class HostLookups {

    /** Lookups running at once: one per invocation is waited for at a time, the rest are those cut at a deadline. */
    static final int MAX_THREADS = 4;
    static final int MAX_WAITING = 8;
    /** The prefix of the name of the pool's threads. */
    static final String THREAD_NAME = "veo-host-lookup-";
    private static final Duration IDLE = Duration.ofSeconds(30);

    /** Resolves a host name to every address it has, as {@link InetAddress#getAllByName} does. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a lookup gave no address: it failed, it did not end by the deadline, or no thread was free for it. */
    static final class NotResolved extends Exception {

        private final boolean timedOut;

        NotResolved(String reason, boolean timedOut, Throwable cause) {
            super(reason, cause, false, false);
            this.timedOut = timedOut;
        }

        /** Whether the deadline passed first, rather than the resolver answering that the name is unknown. */
        boolean timedOut() {
            return timedOut;
        }
    }

    private final Resolver resolver;
    private final AtomicInteger threads = new AtomicInteger();
    /** Guarded by {@code this}; created on first use. */
    private ThreadPoolExecutor executor;
    private boolean stopped;

    public HostLookups() {
        this(InetAddress::getAllByName);
    }

    HostLookups(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Every address of {@code host}, if the resolver gives them before {@code deadline}.
     *
     * @throws NotResolved when the name is unknown, the deadline passed first, or no thread was free
     */
    InetAddress[] resolve(String host, Deadline deadline) throws NotResolved {
        if (deadline.remaining().isZero()) {
            throw new NotResolved("no time was left for it", true, null);
        }
        ThreadPoolExecutor pool;
        Future<InetAddress[]> lookup;
        try {
            pool = executor();
            lookup = pool.submit(() -> resolver.resolve(host));
        } catch (RejectedExecutionException full) {
            throw new NotResolved("too many lookups are still running", true, null);
        }
        try {
            return lookup.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            // A lookup not started yet never starts, and gives its place in the queue back; one that runs ends when the
            // resolver gives up.
            lookup.cancel(true);
            pool.purge();
            throw new NotResolved("the lookup was still running at the deadline", true, null);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw new NotResolved(cause.getClass().getSimpleName(), false, cause);
        } catch (InterruptedException interrupted) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new NotResolved("the wait for the lookup was interrupted", true, null);
        }
    }

    private synchronized ThreadPoolExecutor executor() {
        if (stopped) {
            throw new RejectedExecutionException("stopped");
        }
        if (executor == null) {
            executor = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, IDLE.toSeconds(), TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(MAX_WAITING), work -> {
                        Thread thread = new Thread(work, THREAD_NAME + threads.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
        }
        return executor;
    }

    /**
     * Stops the pool without waiting: a lookup cannot be interrupted, and Lambda gives a shutdown little time; its
     * threads are daemons, which end with the process whatever they wait for.
     */
    @PreDestroy
    public synchronized void stop() {
        stopped = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
