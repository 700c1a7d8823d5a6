package io.veostatus.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

/**
 * The AWS Parameters and Secrets Lambda Extension's local endpoint
 * ({@code http://localhost:$PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}), which reads and caches Secrets
 * Manager values for the function without an AWS SDK in the native image. Built by
 * {@link SecretsExtensionClientProducer} rather than registered with Quarkus, whose every registered client costs each
 * start of the function its settings under seven names; only a key read from a secret needs this one.
 */
@Path("/secretsmanager/get")
public interface SecretsExtensionClient {

    String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    SecretValue secret(@RestQuery("secretId") String secretId, @HeaderParam(TOKEN_HEADER) String token);
}
