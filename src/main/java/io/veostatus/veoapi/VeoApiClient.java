package io.veostatus.veoapi;

import java.io.InputStream;
import java.net.URI;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.rest.client.reactive.ClientRedirectHandler;

/**
 * The Veo API's endpoints this application calls, on the base URL {@code VEO_API_BASE_URL} with the same key: record-info
 * (the status function) and the 1080p video (the keeping function). The task id travels as an encoded query parameter,
 * so no id can change which host or path is called. A body comes back as a stream rather than a parsed entity so that
 * it is read with a size cap and the API key is redacted from it before anything parses or logs it.
 *
 * <p>The methods block, which is what their one caller ({@link VeoApiCall}) wants: it reads the body on the
 * invocation's thread inside SmallRye's timeout, which interrupts that thread when the attempt's time is up (the
 * blocked call then ends, and SmallRye reports the timeout). The client's connect and read timeouts
 * ({@code quarkus.rest-client.record-info.*}) stay, under that timeout, to free a connection the attempt gave up on.
 *
 * <p>The one REST client registered with Quarkus, since Quarkus reads each registered client's settings under seven
 * names before the function is ready, at every start (what that costs: docs/benchmarks.md). Its key stays
 * {@code record-info}, the name of its settings for both endpoints ({@code QUARKUS_REST_CLIENT_RECORD_INFO_*}). A singleton rather than Quarkus's default
 * application scope: that scope's client proxy builds a whole REST client of its own when it is created, which the
 * function would build twice in its init phase.
 *
 * <p>Only a 2xx reply reaches the caller as a body (a 204's is null): the REST client makes any other status, 1xx
 * and 3xx included, a {@code WebApplicationException} of that status, since these methods return an entity
 * (RecordInfoRepliesTest and HdVideoRepliesTest hold it to that).
 */
@RegisterRestClient(configKey = "record-info")
@Singleton
@Path("/api/v1/veo")
public interface VeoApiClient {

    @GET
    @Path("/record-info")
    @Produces(MediaType.APPLICATION_JSON)
    InputStream recordInfo(@RestQuery("taskId") String taskId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /**
     * Answers {@code {"code":200,"data":{"resultUrl":"..."}}} once the 1080p version of a video is ready, and another
     * code until then.
     */
    @GET
    @Path("/get-1080p-video")
    @Produces(MediaType.APPLICATION_JSON)
    InputStream hdVideo(@RestQuery("taskId") String taskId, @RestQuery("index") int index,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /**
     * No redirect is followed, whatever {@code quarkus.rest-client.*.follow-redirects} says: Vert.x would send the
     * request's headers, the bearer key among them, to whichever host the Location names. A 3xx is then answered by
     * its status like any other reply that is not 2xx.
     */
    @ClientRedirectHandler
    static URI neverRedirect(Response response) {
        return null;
    }
}
