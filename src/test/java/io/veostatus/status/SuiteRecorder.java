package io.veostatus.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logmanager.formatters.PatternFormatter;

import io.quarkus.runtime.Startup;

/**
 * Keeps every log line the application writes and every answer the tests receive, for the whole
 * suite, so that ApiKeyLeakTest can look for the key in all of them. Quarkus starts the application
 * anew for each test profile, and ApiKeyLeakTest runs outside it, so the record is kept in files of
 * this build's own folder (the system property {@code veo.suite.capture}, set by the POM), not in memory.
 */
@Singleton
@Startup
public class SuiteRecorder {

    private static final Path FOLDER = Path.of(System.getProperty("veo.suite.capture", "target/suite-capture"));
    private static final Path LOG_LINES = FOLDER.resolve("log-lines.txt");
    private static final Path ANSWERS = FOLDER.resolve("answers.txt");

    /** The message with its parameters applied, as the console shows it. */
    private final Formatter messages = new PatternFormatter("%s");

    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = messages.format(record);
            String thrown = record.getThrown() == null ? "" : " " + record.getThrown();
            append(LOG_LINES, record.getLoggerName() + " " + message + thrown);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @PostConstruct
    void listen() {
        java.util.logging.Logger.getLogger("").addHandler(handler);
    }

    @PreDestroy
    void stop() {
        java.util.logging.Logger.getLogger("").removeHandler(handler);
    }

    public void answer(String body) {
        append(ANSWERS, body);
    }

    public static List<String> logLines() {
        return read(LOG_LINES);
    }

    public static List<String> answers() {
        return read(ANSWERS);
    }

    private static synchronized void append(Path file, String entry) {
        try {
            Files.createDirectories(FOLDER);
            Files.writeString(file, entry.replace("\n", "\\n") + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
