package io.veostatus.veoapi;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

import io.veostatus.config.ApiBaseUrl;
import io.veostatus.config.VeoApiConfig;
import io.veostatus.lambda.InitFailure;

/**
 * Ends the init phase of either function with one sentence ({@link InitFailure}) when {@code VEO_API_BASE_URL} is not
 * a URL the API key may be sent to ({@link ApiBaseUrl}): a value without a scheme would otherwise start and then fail
 * every poll as the Veo API being unavailable, retried and alarmed as an outage, and a plain-http one would send the
 * key in clear. First of the start-up observers, before the warm-up resolves the URL's host.
 */
@ApplicationScoped
class ApiBaseUrlCheck {

    void check(@Observes @Priority(1) StartupEvent start, VeoApiConfig api) {
        ApiBaseUrl.problem(api.baseUrl()).ifPresent(InitFailure::end);
    }
}
