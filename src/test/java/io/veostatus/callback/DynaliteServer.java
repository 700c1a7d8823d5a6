package io.veostatus.callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import io.veostatus.testing.ListeningPort;

/**
 * dynalite (a DynamoDB API written by others, in Node.js) as the callback function's table: started in memory by
 * src/test/statemachine/start-dynalite.cjs on a port the system chooses, with the table created as template.yaml
 * creates it (taskId, entry). The function under test talks HTTP to it as it would to DynamoDB. dynalite checks only
 * that a request is signed, not by whom, and never deletes expired items (it has no TTL). Its process ends in
 * {@link #close()}, and by itself when the JVM that started it dies (it exits when its input ends).
 */
public final class DynaliteServer implements AutoCloseable {

    public static final String TABLE = "veo-callback";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    /** Node.js and dynalite start in about 0.2 s on an idle machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Path LAUNCHER = Path.of("src/test/statemachine/start-dynalite.cjs");
    private static final Path LOGS = Path.of("target/dynalite");
    private static final Pattern PORT = Pattern.compile("dynalite listening on port (\\d+)");

    private final Process process;
    private final String endpoint;
    private final DynamoDbClient client;

    private DynaliteServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Starts dynalite and creates the callback table in it; the table is ACTIVE when this returns. */
    public static DynaliteServer start() {
        Process process;
        try {
            Files.createDirectories(LOGS);
            // Its input stays an open pipe: dynalite exits when it ends.
            process = new ProcessBuilder("node", LAUNCHER.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DynaliteServer server = null;
        try {
            Path log = LOGS.resolve("dynalite-" + process.pid() + ".log");
            int port = ListeningPort.named(process, log, PORT, START_TIMEOUT, "dynalite");
            server = new DynaliteServer(process, "http://127.0.0.1:" + port);
            server.createTable();
            return server;
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            } else {
                stop(process);
            }
            throw e;
        }
    }

    /** Creates the callback table, ACTIVE when this returns: at the start, and again after a test deleted it. */
    public void createTable() {
        client.createTable(table -> table.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("taskId"), attribute("entry"))
                .keySchema(KeySchemaElement.builder().attributeName("taskId").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("entry").keyType(KeyType.RANGE).build()));
        client.waiter().waitUntilTableExists(table -> table.tableName(TABLE));
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    /** Where the DynamoDB API is: {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * The callback function's settings that point it at this table (the table's name and the DynamoDB endpoint), as
     * environment variables. Any credentials do: dynalite checks only that a request is signed.
     */
    public Map<String, String> environment() {
        return Map.of("VEO_CALLBACK_TABLE", TABLE, "VEO_CALLBACK_DYNAMODB_ENDPOINT", endpoint);
    }

    /** A client of the tests' own, to read back or prepare what the function stores; closed with this server. */
    public DynamoDbClient client() {
        return client;
    }

    /** Closes the client and ends dynalite's process, waiting for it to end. */
    @Override
    public void close() {
        client.close();
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
