package io.veostatus.statemachine;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import io.veostatus.docs.Pages;
import io.veostatus.keep.KeepProfile;
import io.veostatus.keep.S3MockClient;
import io.veostatus.keep.S3MockServer;
import io.veostatus.keep.VendorStubs;
import io.veostatus.status.ReadmeExample;

/**
 * Both state machines with keeping on, as the template deploys them when KeepBucket is set
 * (KeepVideosOfTasks "*"), run in the interpreter: the status function and the keeping function invoked as
 * Lambda functions through the mock event server, WireMock as the Veo API, its CDN and the 1080p endpoint,
 * and S3Mock as the bucket.
 */
@QuarkusTest
@TestProfile(KeepProfile.class)
class KeepStateMachineTest extends StateMachineRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HANDLERS = Map.of("CheckStatus", "veo-status", "KeepVideo", "veo-keep");

    @RegisterExtension
    static final S3MockClient S3 = new S3MockClient();

    private final VendorStubs vendor = new VendorStubs(stub -> wiremock.register(stub));

    @Test
    void generatingThenSucceededThen1080pNotReadyTwiceThenReadyIsKept() throws IOException {
        String task = "b2c0ffee000000000000000000000001";
        byte[] original = VendorStubs.video(1_200_000, 21);
        byte[] hd = VendorStubs.video(1_700_000, 22);
        String succeeded = VendorStubs.succeededBody(task, vendor.cdnUrl(task + ".mp4"), "720p", false, "16:9");
        answersInTurn(task, generating(task), json(succeeded));
        vendor.cdn(task + ".mp4", original);
        vendor.cdn(task + "-1080p.mp4", hd);
        vendor.hdNotReadyThenReady(task, 2, vendor.cdnUrl(task + "-1080p.mp4"));

        JsonNode run = execute(BatchItemProcessor.SINGLE_LOOP, "{\"taskId\":\"" + task + "\"}", 0, KeepingSubstitutions.ON, HANDLERS);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/kept-task-execution.json"), run.toPrettyString(), StandardCharsets.UTF_8);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        assertEquals(List.of("CheckStatus GENERATING", "CheckStatus SUCCEEDED", "KeepVideo AWAITING_1080P",
                "KeepVideo AWAITING_1080P", "KeepVideo KEPT"), steps(run));
        JsonNode output = run.get("output");
        assertEquals("SUCCEEDED", output.get("status").asText());
        assertEquals(2, output.at("/poll/attempt").asInt(), "the TaskStatus of the last poll");
        JsonNode keep = output.get("keep");
        assertTrue(keep.get("done").asBoolean());
        assertEquals("KEPT", keep.at("/hd/status").asText());
        assertEquals(3, keep.at("/hd/checks").asInt());
        assertFile(keep.at("/files/0"), "kept/" + task + "/0.mp4", original, "720p");
        assertFile(keep.at("/files/1"), "kept/" + task + "/0-1080p.mp4", hd, "1080p");
        assertEquals(1, wiremock.find(getRequestedFor(urlPathEqualTo("/cdn/" + task + ".mp4"))).size(),
                "the original was copied once, before the 1080p wait");
        // docs/keeping.md shows this output; only the times and WireMock's port differ from run to run.
        JsonNode documented = JSON.readTree(BatchStateMachineExecutionTest.markedBlock(Pages.read(Pages.KEEPING),
                "kept example output"));
        assertEquals(masked(documented.toString()), masked(output.toString()),
                Pages.KEEPING + " shows what a kept task's execution returns:\n" + output);
    }

    /** The output with what changes from run to run masked, as in the docs' other examples, and the local port. */
    private static String masked(String json) {
        return ReadmeExample.masked(json)
                .replaceAll("http://localhost:(\\d+|PORT)/", "http://localhost:PORT/");
    }

    @Test
    void aVideoWhoseSourceIsGoneEndsInAFailStateNotInASuccess() {
        String task = "b2c0ffee000000000000000000000002";
        answersInTurn(task, json(VendorStubs.succeededBody(task, vendor.cdnUrl(task + ".mp4"), "720p", false, "16:9")));
        wiremock.register(WireMock.get(urlPathEqualTo("/cdn/" + task + ".mp4")).willReturn(WireMock.aResponse().withStatus(410)));

        JsonNode run = execute(BatchItemProcessor.SINGLE_LOOP, "{\"taskId\":\"" + task + "\"}", 0, KeepingSubstitutions.ON, HANDLERS);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.SourceGone", run.get("error").asText());
        assertTrue(run.get("cause").asText().contains("io.veostatus.error.SourceGoneException"), run.get("cause").asText());
        assertEquals(List.of("CheckStatus SUCCEEDED", "KeepVideo io.veostatus.error.SourceGoneException"), steps(run));
    }

    /** A source the keeping function refuses ends the loop in a Fail of its own, and a batch's item in an ERROR of that name. */
    @Test
    void aRefusedSourceEndsInItsOwnFailStateAndABatchItemError() throws IOException {
        String task = "b2c0ffee000000000000000000000005";
        // The instance metadata service, as a compromised Veo API could name it.
        answersInTurn(task, json(VendorStubs.succeededBody(task, "http://169.254.169.254/latest/meta-data/", "720p", false, "16:9")));

        JsonNode run = execute(BatchItemProcessor.SINGLE_LOOP, "{\"taskId\":\"" + task + "\"}", 0, KeepingSubstitutions.ON, HANDLERS);

        assertEquals("FAILED", run.get("outcome").asText(), run.toString());
        assertEquals("VeoStatus.SourceRefused", run.get("error").asText());
        assertTrue(run.get("cause").asText().contains("169.254.169.254, a link-local address"), run.get("cause").asText());
        assertEquals(List.of("CheckStatus SUCCEEDED", "KeepVideo io.veostatus.error.SourceRefusedException"), steps(run),
                "not retried");

        String batchTask = "b2c0ffee000000000000000000000006";
        answersInTurn(batchTask, json(VendorStubs.succeededBody(batchTask, "http://127.0.0.1:9/x.mp4", "720p", false, "16:9")));
        JsonNode batch = execute(BatchItemProcessor.BATCH, "{\"taskIds\":[\"" + batchTask + "\"]}", 0, KeepingSubstitutions.ON,
                HANDLERS);

        assertEquals("SUCCEEDED", batch.get("outcome").asText(), batch.toString());
        JsonNode output = batch.get("output");
        assertEquals(JSON.readTree("{\"SUCCEEDED\":0,\"FAILED\":0,\"TIMED_OUT\":0,\"ERROR\":1}"), output.get("counts"));
        assertEquals("ERROR", output.at("/results/0/status").asText());
        assertEquals("VeoStatus.SourceRefused", output.at("/results/0/error/name").asText(), output.toString());
    }

    /** The batch keeps each task as the single loop does, and its results say where each video lives. */
    @Test
    void theBatchKeepsEachTaskAndSaysWhere() throws IOException {
        String hdTask = "b2c0ffee000000000000000000000003";
        String fallbackTask = "b2c0ffee000000000000000000000004";
        byte[] original = VendorStubs.video(300_000, 23);
        byte[] hd = VendorStubs.video(400_000, 24);
        byte[] fallback = VendorStubs.video(350_000, 25);
        answersInTurn(hdTask, json(VendorStubs.succeededBody(hdTask, vendor.cdnUrl(hdTask + ".mp4"), "720p", false, "16:9")));
        answersInTurn(fallbackTask, json(VendorStubs.succeededBody(fallbackTask, vendor.cdnUrl(fallbackTask + ".mp4"), "720p",
                true, "16:9")));
        vendor.cdn(hdTask + ".mp4", original);
        vendor.cdn(hdTask + "-1080p.mp4", hd);
        vendor.hdReady(hdTask, vendor.cdnUrl(hdTask + "-1080p.mp4"));
        vendor.cdn(fallbackTask + ".mp4", fallback);

        JsonNode run = execute(BatchItemProcessor.BATCH, "{\"taskIds\":[\"" + hdTask + "\",\"" + fallbackTask + "\"]}", 0,
                KeepingSubstitutions.ON, HANDLERS);

        assertEquals("SUCCEEDED", run.get("outcome").asText(), run.toString());
        JsonNode output = run.get("output");
        assertEquals(JSON.readTree("{\"SUCCEEDED\":2,\"FAILED\":0,\"TIMED_OUT\":0,\"ERROR\":0}"), output.get("counts"));
        JsonNode first = output.at("/results/0");
        assertEquals(Set.of("taskId", "status", "videoUrls", "error", "kept", "hd"), fieldNames(first));
        assertEquals("KEPT", first.get("hd").asText());
        assertFile(first.at("/kept/0"), "kept/" + hdTask + "/0.mp4", original, "720p");
        assertFile(first.at("/kept/1"), "kept/" + hdTask + "/0-1080p.mp4", hd, "1080p");
        JsonNode second = output.at("/results/1");
        assertEquals("NOT_OFFERED", second.get("hd").asText(), "a fallback video has no 1080p version");
        assertEquals(1, second.get("kept").size());
        assertFile(second.at("/kept/0"), "kept/" + fallbackTask + "/0.mp4", fallback, "720p");
        assertEquals(0, wiremock.find(getRequestedFor(urlPathMatching(VendorStubs.HD)).withQueryParam("taskId",
                WireMock.equalTo(fallbackTask))).size());
    }

    private void assertFile(JsonNode file, String key, byte[] source, String resolution) {
        assertEquals(S3MockServer.BUCKET, file.get("bucket").asText(), file.toString());
        assertEquals(key, file.get("key").asText());
        assertEquals(source.length, file.get("bytes").asLong());
        assertEquals(VendorStubs.sha256(source), file.get("sha256").asText());
        assertEquals(resolution, file.get("resolution").asText());
        assertArrayEquals(source, S3.s3().getObjectAsBytes(r -> r.bucket(S3MockServer.BUCKET).key(key)).asByteArray());
    }

    /** Each invocation as "state answer", in the order made. */
    private static List<String> steps(JsonNode run) {
        List<String> steps = new ArrayList<>();
        run.get("invocations").forEach(i -> steps.add(i.get("state").asText() + " " + i.get("answer").asText()));
        return steps;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
