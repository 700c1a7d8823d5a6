package io.veostatus.keep;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A video source that stalls mid-body: it announces the whole length, sends the first part, then sends
 * nothing for a long time. WireMock's dribble delays the headers too, so it cannot stall after them.
 */
public final class StallingSource implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicInteger requests = new AtomicInteger();

    private StallingSource(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** On {@code port} of 127.0.0.1, which the keeping tests allow as their own source (KeepProfile). */
    public static StallingSource start(int port, int length, int sentBeforeStall, Duration stall) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        StallingSource source = new StallingSource(server, threads);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            source.requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(VendorStubs.video(sentBeforeStall, 11));
                body.flush();
                Thread.sleep(stall.toMillis());
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGaveUp) {
                // The function under test closed the connection: that is what is tested.
            }
        });
        server.start();
        return source;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stalling.mp4";
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
