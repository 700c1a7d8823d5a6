package io.veostatus.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port a server process started by the tests listens on when the system chose it (port 0), read from the
 * line of the process's output that names it. A port chosen beforehand (a ServerSocket opened and closed) could
 * be taken by another build between that check and the server's start, which for a Spring Boot server is
 * seconds to a minute. Every line of the output also goes to a log file, until the process ends.
 */
public final class ListeningPort {

    private ListeningPort() {
    }

    /**
     * @param naming a pattern whose first group is the port, found in one line of the output
     * @param server what the process is, for the sentence when it does not start
     * @return the port, as soon as the process has written it
     * @throws IllegalStateException when the process ends first, or does not name a port within the timeout
     */
    public static int named(Process process, Path log, Pattern naming, Duration timeout, String server) {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        // Ends with the process's output: when the process is stopped.
        Thread copier = new Thread(() -> copyOutput(process, log, naming, port), server + " output");
        copier.setDaemon(true);
        copier.start();
        try {
            return port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(server + " did not listen within " + timeout.toSeconds() + " s; see " + log);
        } catch (ExecutionException e) {
            throw new IllegalStateException(server + " stopped before it listened; see " + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(server + " was still starting when the tests were interrupted; see " + log);
        }
    }

    private static void copyOutput(Process process, Path log, Pattern naming, CompletableFuture<Integer> port) {
        try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8);
                Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                copy.write(line + System.lineSeparator());
                copy.flush();
                Matcher named = naming.matcher(line);
                if (!port.isDone() && named.find()) {
                    port.complete(Integer.valueOf(named.group(1)));
                }
            }
        } catch (IOException stopped) {
            // The process was stopped while its output was read.
        }
        port.completeExceptionally(new IllegalStateException("the output ended"));
    }
}
