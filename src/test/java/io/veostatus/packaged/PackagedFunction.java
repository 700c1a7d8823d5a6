package io.veostatus.packaged;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One running instance of the packaged function (one Lambda execution environment): its process, the
 * Runtime API server it polls, and everything it printed.
 */
public final class PackagedFunction implements AutoCloseable {

    private final Process process;
    private final RuntimeApiServer runtimeApi;
    private final Path output;
    private final long startedNanos;

    private PackagedFunction(Process process, RuntimeApiServer runtimeApi, Path output, long startedNanos) {
        this.process = process;
        this.runtimeApi = runtimeApi;
        this.output = output;
        this.startedNanos = startedNanos;
    }

    static PackagedFunction start(ProcessBuilder builder, RuntimeApiServer runtimeApi, Path output) throws IOException {
        try {
            Process process = builder.start();
            // The process's start: start() returns once the executable has been exec'd. Timed from before the call,
            // the JVM's own way of spawning a process (a helper executable in between) added about 3 ms.
            return new PackagedFunction(process, runtimeApi, output, System.nanoTime());
        } catch (IOException | RuntimeException failed) {
            runtimeApi.close();
            throw failed;
        }
    }

    /** Invokes the function with one event and waits for its answer. */
    public RuntimeApiServer.Answer invoke(String event) throws Exception {
        return invoke(event, null);
    }

    /** Invokes with a deadline {@code deadline} after the event is handed over, as a shorter function timeout would. */
    public RuntimeApiServer.Answer invokeWithin(String event, Duration deadline) throws Exception {
        if (!process.isAlive()) {
            throw new IllegalStateException("the function has exited with " + process.exitValue() + printed());
        }
        return runtimeApi.invokeWithin(event, deadline);
    }

    /** Invokes with a Lambda client context (JSON), as a caller such as Step Functions may pass one. */
    public RuntimeApiServer.Answer invoke(String event, String clientContext) throws Exception {
        if (!process.isAlive()) {
            throw new IllegalStateException("the function has exited with " + process.exitValue() + printed());
        }
        return runtimeApi.invoke(event, clientContext);
    }

    /**
     * From the process's start (its executable exec'd) to its first request for an invocation: the end of Lambda's
     * init phase.
     */
    public Duration readyAfter(Duration limit) throws Exception {
        return Duration.ofNanos(runtimeApi.firstPollNanos(limit) - startedNanos);
    }

    /**
     * Whether the function's init failed within {@code limit}: it reported an init error or its process ended, and
     * it never asked for an invocation.
     */
    public boolean initFailedWithin(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!runtimeApi.polled() && System.nanoTime() < end) {
            if (runtimeApi.initErrorReported() || !process.isAlive()) {
                return !runtimeApi.polled();
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The init error the runtime reported to the Runtime API, if it reported one (the native runtime exits instead). */
    public Optional<String> initError() {
        return runtimeApi.initError();
    }

    /** Waits up to {@code limit} until the function is waiting for its next invocation. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        return runtimeApi.awaitIdle(limit);
    }

    /** Everything the function printed so far (Lambda sends stdout and stderr to its log). */
    public String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** What it printed, as CloudWatch would receive it: its log lines, the summary of each invocation with its metrics among them. */
    FunctionOutput log() {
        return new FunctionOutput(output);
    }

    /** The printed lines, for assertions on single lines. */
    public List<String> outputLines() throws IOException {
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }

    /** The process's resident set size in kB, from {@code /proc/<pid>/status}. */
    public long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    /**
     * The CPU time the process's live threads have used so far, from {@code /proc/<pid>/task/<tid>/schedstat}
     * (nanoseconds on a CPU): unlike wall time, it hardly depends on what else the machine is running.
     */
    public Duration cpuTime() throws IOException {
        long nanos = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
            for (Path thread : threads) {
                try {
                    nanos += Long.parseLong(Files.readString(thread.resolve("schedstat")).trim().split("\\s+")[0]);
                } catch (NoSuchFileException ended) {
                    // A thread that ended between listing and reading.
                }
            }
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * Sends SIGTERM, as Lambda does when it retires an environment with an extension registered, and waits up
     * to {@code grace} for the process to end; Lambda sends SIGKILL after that.
     *
     * @return whether it ended within {@code grace}
     */
    public boolean terminate(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Appended to failure messages: what the function printed. */
    public String printed() {
        try {
            return "\n--- function output ---\n" + output();
        } catch (IOException e) {
            return "\n(output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        runtimeApi.close();
    }
}
