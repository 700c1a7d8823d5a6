package io.veostatus.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The AWS Parameters and Secrets Lambda Extension's local endpoint
 * ({@code http://localhost:$PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}), which reads and caches Secrets
 * Manager values for the function without an AWS SDK in the native image.
 */
@RegisterRestClient(configKey = "secrets-extension")
@Path("/secretsmanager/get")
public interface SecretsExtensionClient {

    String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    SecretValue secret(@RestQuery("secretId") String secretId, @HeaderParam(TOKEN_HEADER) String token);
}
