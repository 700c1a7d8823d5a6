package io.veostatus.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** dynalite as the callback tests start it: the table as the template makes it, a real DynamoDB API, gone after close. */
class DynaliteServerTest {

    @Test
    void servesTheCallbackTableAndEndsWithClose() throws IOException {
        URI endpoint;
        try (DynaliteServer dynamo = DynaliteServer.start()) {
            endpoint = URI.create(dynamo.endpoint());
            DynamoDbClient client = dynamo.client();
            String table = DynaliteServer.TABLE;
            assertEquals(List.of("taskId HASH", "entry RANGE"), client.describeTable(d -> d.tableName(table)).table().keySchema()
                    .stream().map(k -> k.attributeName() + " " + k.keyTypeAsString()).toList());
            assertEquals(Map.of("VEO_CALLBACK_TABLE", table, "VEO_CALLBACK_DYNAMODB_ENDPOINT", dynamo.endpoint()),
                    dynamo.environment());

            Map<String, AttributeValue> waiter = Map.of("taskId", AttributeValue.fromS("t1"),
                    "entry", AttributeValue.fromS("waiter#ab"), "taskToken", AttributeValue.fromS("token"));
            client.putItem(put -> put.tableName(table).item(waiter).conditionExpression("attribute_not_exists(taskId)"));
            assertThrows(ConditionalCheckFailedException.class, () -> client.putItem(
                    put -> put.tableName(table).item(waiter).conditionExpression("attribute_not_exists(taskId)")));
            assertEquals(1, client.query(q -> q.tableName(table).consistentRead(true).keyConditionExpression("taskId = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("t1")))).count());
        }
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1000);
            }
        }, "dynalite ended with close()");
    }
}
