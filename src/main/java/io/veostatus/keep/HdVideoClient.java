package io.veostatus.keep;

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
 * The Veo API's 1080p endpoint, on the same base URL and with the same key as record-info: it answers
 * {@code {"code":200,"data":{"resultUrl":"..."}}} once the 1080p version of a video is ready, and another
 * code until then. The body is read as a stream, capped, as record-info's is.
 */
@RegisterRestClient(configKey = "record-info")
@Path("/api/v1/veo")
public interface HdVideoClient {

    @GET
    @Path("/get-1080p-video")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<InputStream> hdVideo(@RestQuery("taskId") String taskId, @RestQuery("index") int index,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
