package io.veostatus.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A host other than the Veo API's, for a test class: where a redirect the function must not follow points, answering
 * every request with a JSON body that would be read as an answer. Started before the class, its requests forgotten
 * before each test, stopped after the class.
 */
public final class AnotherHost implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final String answer;
    private WireMockServer server;

    /** @param answer the JSON body every request gets */
    public AnotherHost(String answer) {
        this.answer = answer;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(answer)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetRequests();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    /** An absolute URL of this host. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    /** How many requests reached this host in the current test. */
    public int requests() {
        return server.getAllServeEvents().size();
    }

    /** Whether any of them carried an Authorization header (only the header's presence: its value is a key). */
    public boolean sawAuthorization() {
        return server.getAllServeEvents().stream().anyMatch(served -> served.getRequest().containsHeader("Authorization"));
    }
}
