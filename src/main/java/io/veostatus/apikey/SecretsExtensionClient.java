package io.veostatus.apikey;

import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

/**
 * The AWS Parameters and Secrets Lambda Extension's local endpoint
 * ({@code http://localhost:$PARAMETERS_SECRETS_EXTENSION_HTTP_PORT}), which reads and caches Secrets
 * Manager values for the function without an AWS SDK in the native image. Built by
 * {@link SecretsExtensionClientProducer} rather than registered with Quarkus, whose every registered client costs each
 * start of the function its settings under seven names; only a key read from a secret needs this one. The reply comes
 * back as a stream, read by {@link SecretKeyReader} on the invocation's thread with a size cap, so that the read's
 * time limit also ends a reply that trickles, and whatever the reply holds is judged there (the client's own JSON reader
 * would report a body it cannot parse as an HTTP error of status 200, and one of another content type as a failure to
 * connect).
 */
@Path("/secretsmanager/get")
public interface SecretsExtensionClient {

    String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<InputStream> secret(@RestQuery("secretId") String secretId, @HeaderParam(TOKEN_HEADER) String token);
}
