package io.veostatus.upstream;

import java.io.InputStream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

/**
 * The Veo API's record-info endpoint. The base URL is {@code VEO_API_BASE_URL}; the task id travels
 * as an encoded query parameter, so no id can change which host or path is called.
 *
 * <p>The body comes back as a stream rather than a parsed entity so that it is read with a size cap
 * and the API key is redacted from it before anything parses or logs it.
 */
@RegisterRestClient(configKey = "record-info")
@Path("/api/v1/veo")
public interface RecordInfoClient {

    @GET
    @Path("/record-info")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<InputStream> recordInfo(@RestQuery("taskId") String taskId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
