package io.veostatus.status;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.TypedGuard;

import io.veostatus.apikey.ApiKeyProvider;
import io.veostatus.apikey.KeyRedactor;
import io.veostatus.apikey.SecretsExtensionClient;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.kernel.TaskId;
import io.veostatus.status.http.HttpFrontDoor;
import io.veostatus.taskstatus.PollState;
import io.veostatus.status.poll.TaskPoller;
import io.veostatus.taskstatus.TaskStatus;
import io.veostatus.taskstatus.TaskStatusNormalizer;
import io.veostatus.telemetry.InvocationTelemetry;
import io.veostatus.veoapi.RecordInfoClassifier;
import io.veostatus.veoapi.RecordInfoGateway;

/**
 * Does in Lambda's init phase the work that the first invocation of every environment would otherwise do: the
 * init phase runs before any caller waits, with more CPU than a 256 MB invocation gets. Without it the first
 * poll creates the beans behind the handler (CDI creates application-scoped beans on first use) and the REST
 * client with its Vert.x HTTP client (and the secrets extension's, where the key is read from a secret), builds
 * the JSON readers and writers for a record-info reply and a TaskStatus, initializes the fault-tolerance guards and their timer, resolves the Veo API's host name and sets
 * up TLS; the native executable also initializes each class involved on first use.
 *
 * <p>It sends nothing anywhere: no request to the Veo API or the secrets extension (so no key is read and the
 * upstream sees nothing of a cold start), no invocation of the handler (so nothing is logged or counted as an
 * invocation). A step that fails is logged and skipped: the first invocation then does the work, and reports
 * whatever is wrong, as it would without this class.
 */
@ApplicationScoped
class InitPhaseWarmUp {

    private static final Logger LOG = Logger.getLogger(InitPhaseWarmUp.class);
    private static final TaskId SAMPLE_TASK = new TaskId("init-phase-warm-up");
    /** A record-info reply with each kind of field the classifier reads, both forms of time among them. */
    private static final byte[] SAMPLE_REPLY = ("{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"init-phase-warm-up\","
            + "\"paramJson\":\"{\\\"prompt\\\":\\\"warm-up\\\"}\",\"completeTime\":1749205800000,\"response\":{"
            + "\"taskId\":\"init-phase-warm-up\",\"resultUrls\":[\"https://example.com/warm-up.mp4\"],\"fullResultUrls\":[],"
            + "\"originUrls\":null,\"resolution\":\"1080p\"},\"successFlag\":1,\"errorCode\":null,\"errorMessage\":\"\","
            + "\"createTime\":\"2025-06-06 10:25:00\",\"fallbackFlag\":false}}").getBytes(StandardCharsets.UTF_8);

    void warmUp(@Observes StartupEvent start, TaskPoller poller, HttpFrontDoor frontDoor, ApiKeyProvider keys,
            RecordInfoGateway gateway, InvocationTelemetry telemetry, Provider<RecordInfoClassifier> classifier,
            SecretsExtensionClient extension, ObjectMapper json, VeoApiConfig api) {
        // Two threads: wherever the init phase has more than one vCPU, the JSON step, which shares only the classifier
        // and the ObjectMapper with the others, runs beside the rest; the init phase ends when both have. It needs no
        // network, so the join is not bounded.
        Thread jsonLane = new Thread(() -> step("read a record-info reply and write a TaskStatus", () -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            TaskStatus status = TaskStatusNormalizer.normalize(
                    classifier.get().reply(SAMPLE_TASK, new ByteArrayInputStream(SAMPLE_REPLY), KeyRedactor.NONE, now));
            json.writeValueAsBytes(status.withPoll(new PollState(1, now, 0, 0, 1200, null)));
        }), "veo-status-init-warm-up");
        jsonLane.setDaemon(true);
        jsonLane.start();
        step("initialize the fault-tolerance guards", () -> TypedGuard.create(String.class)
                .withDescription("init-phase warm-up")
                .withTimeout().duration(1, ChronoUnit.SECONDS).done()
                .withRetry().maxRetries(1).delay(0, ChronoUnit.MILLIS).withExponentialBackoff().done().done()
                .build().get(() -> "warm"));
        URI baseUrl = URI.create(api.baseUrl());
        step("resolve the Veo API's host name", () -> {
            try {
                // The JDK resolver, which the REST client uses, keeps the answer for the first poll.
                InetAddress.getAllByName(baseUrl.getHost());
            } catch (UnknownHostException notYet) {
                // The first poll resolves it again and reports it if it is still unknown.
            }
        });
        if ("https".equalsIgnoreCase(baseUrl.getScheme())) {
            step("set up TLS", () -> {
                // The default trust store is loaded and the client's first handshake message built (key shares
                // generated) without any network: the REST client's own TLS context reuses the loaded trust anchors.
                SSLEngine engine = SSLContext.getDefault().createSSLEngine(baseUrl.getHost(), 443);
                engine.setUseClientMode(true);
                engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
                engine.closeOutbound();
            });
        }
        // Last, so that the classifier they share is most likely built by then: the gateway's call path (VeoApiCall)
        // builds the REST client. An application-scoped bean is created behind its client proxy at its first use, which
        // unwrapping the proxy is, without calling the bean; only a key read from a secret needs the extension's client.
        step("create the handler's beans and the REST clients", () -> Stream.concat(
                Stream.of(poller, frontDoor, keys, gateway, telemetry), keys.rotatable() ? Stream.of(extension) : Stream.empty())
                .forEach(ClientProxy::unwrap));
        try {
            jsonLane.join();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError failed) {
            LOG.warnf("Init-phase warm-up could not %s (%s: %s); the first invocation will.", what,
                    failed.getClass().getSimpleName(), failed.getMessage());
        }
    }
}
