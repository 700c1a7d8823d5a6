package io.veostatus.callback.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import io.veostatus.config.CallbackConfig;
import io.veostatus.error.CallbackUnavailableException;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.TaskId;

/**
 * The executions waiting on each task, in DynamoDB: one item per waiting execution (key: the task id and
 * {@code waiter#} with the SHA-256 of its token, as a token may be longer than a sort key), and one per task that
 * spaces its record-info calls ({@code poll}). Every item expires ({@code expiresAt}, the table's TTL); reads leave
 * out the expired ones DynamoDB has not deleted yet.
 */
@ApplicationScoped
public class WaiterTable {

    /** One execution waiting: {@code entry} is its item's sort key. */
    public record Waiter(String entry, String taskToken) {
    }

    private static final String WAITER = "waiter#";
    private static final String POLL = "poll";

    private final CallbackConfig config;
    private final LazyClient<DynamoDbClient> client;

    public WaiterTable(CallbackConfig config) {
        this.config = config;
        this.client = new LazyClient<>(() -> AwsCalls.configure(DynamoDbClient.builder(), config, config.dynamodbEndpoint())
                .build());
    }

    private DynamoDbClient dynamoDb() {
        return client.get();
    }

    private String table() {
        return config.table().filter(name -> !name.isBlank()).orElseThrow(() -> new CallbackUnavailableException(
                "The callback function has no table: set VEO_CALLBACK_TABLE."));
    }

    @PreDestroy
    public void close() {
        client.close();
    }

    /** Adds {@code taskToken} to the executions waiting on {@code taskId}, until {@code expiresAt}. */
    public void add(TaskId taskId, String taskToken, Instant expiresAt, Deadline deadline) {
        Map<String, AttributeValue> item = Map.of("taskId", s(taskId.value()), "entry", s(WAITER + sha256(taskToken)),
                "taskToken", s(taskToken), "expiresAt", n(expiresAt.getEpochSecond()),
                "registeredAt", n(Instant.now().getEpochSecond()));
        call("store the waiting execution", () -> dynamoDb().putItem(put -> put.tableName(table()).item(item)
                .overrideConfiguration(AwsCalls.within(deadline, "store the waiting execution"))));
    }

    /** The executions waiting on {@code taskId} now, read consistently. */
    public List<Waiter> waiting(TaskId taskId, Instant now, Deadline deadline) {
        QueryResponse found = call("read the waiting executions", () -> dynamoDb().query(query -> query.tableName(table())
                .consistentRead(true)
                .keyConditionExpression("taskId = :task AND begins_with(#entry, :waiter)")
                .filterExpression("expiresAt > :now")
                .expressionAttributeNames(Map.of("#entry", "entry"))
                .expressionAttributeValues(Map.of(":task", s(taskId.value()), ":waiter", s(WAITER),
                        ":now", n(now.getEpochSecond())))
                .overrideConfiguration(AwsCalls.within(deadline, "read the waiting executions"))));
        return found.items().stream().filter(item -> item.containsKey("taskToken"))
                .map(item -> new Waiter(item.get("entry").s(), item.get("taskToken").s())).toList();
    }

    /** Forgets one waiting execution: resumed, or no longer waiting. */
    public void remove(TaskId taskId, Waiter waiter, Deadline deadline) {
        call("remove a resumed execution", () -> dynamoDb().deleteItem(delete -> delete.tableName(table())
                .key(Map.of("taskId", s(taskId.value()), "entry", s(waiter.entry())))
                .overrideConfiguration(AwsCalls.within(deadline, "remove a resumed execution"))));
    }

    /**
     * Claims the next record-info call for {@code taskId}: true when none was claimed within {@code spacing} before
     * {@code now}, so that however many callbacks come at once, one of them asks.
     */
    public boolean claimPoll(TaskId taskId, Instant now, Duration spacing, Deadline deadline) {
        try {
            call("space the record-info calls", () -> dynamoDb().updateItem(update -> update.tableName(table())
                    .key(Map.of("taskId", s(taskId.value()), "entry", s(POLL)))
                    .updateExpression("SET polledAt = :now, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(polledAt) OR polledAt <= :before")
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()),
                            ":before", n(now.minus(spacing).toEpochMilli()),
                            ":expires", n(now.plus(spacing).plus(Duration.ofHours(1)).getEpochSecond())))
                    .overrideConfiguration(AwsCalls.within(deadline, "space the record-info calls"))));
            return true;
        } catch (ConditionalCheckFailedException polledMomentsAgo) {
            return false;
        }
    }

    private interface Call<T> {
        T run();
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (ConditionalCheckFailedException expected) {
            throw expected;
        } catch (DynamoDbException refused) {
            String code = refused.awsErrorDetails() != null ? refused.awsErrorDetails().errorCode() : null;
            throw new CallbackUnavailableException("DynamoDB refused to " + what + " in the table named by "
                    + "VEO_CALLBACK_TABLE (HTTP " + refused.statusCode() + (code != null ? ", " + code : "") + ").");
        } catch (SdkException failed) {
            throw new CallbackUnavailableException("DynamoDB could not be asked to " + what + " ("
                    + failed.getClass().getSimpleName() + ").");
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException everyJavaHasIt) {
            throw new IllegalStateException(everyJavaHasIt);
        }
    }
}
