package io.plugboard.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;

import io.plugboard.api.outbound.ApiIOException;
import io.plugboard.api.outbound.ApiRequest;
import io.plugboard.api.outbound.ApiResponse;
import io.plugboard.api.outbound.ApiUnavailableException;
import io.plugboard.api.outbound.InvalidApiPathException;
import io.plugboard.api.outbound.ProviderApi;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;

/**
 * {@code /api/v1/integrations/{name}/proxy/{path}}: forwards the request to the integration's provider API with the
 * integration's credential (Zebbra's fetch adapter, Nango's proxy). The query goes along untouched, so the scope is
 * named by the headers {@code X-Plugboard-Organization} and {@code X-Plugboard-Canvas}. The answer comes back as the
 * provider gave it: status, headers but hop-by-hop ones, the body streamed.
 */
@Path("/integrations/{name}/proxy")
public class IntegrationProxyResource {

    /** Bodies sent through the proxy are read whole (so a 401 can be retried); larger ones are refused. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length");

    private final ProviderApi api;

    public IntegrationProxyResource(ProviderApi api) {
        this.api = api;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", name, uri, headers, null);
    }

    @DELETE
    @Path("{path: .*}")
    public Response delete(@PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("DELETE", name, uri, headers, null);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers,
                         InputStream body) {
        return forward("POST", name, uri, headers, body);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers,
                        InputStream body) {
        return forward("PUT", name, uri, headers, body);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@PathParam("name") String name, @Context UriInfo uri, @Context HttpHeaders headers,
                          InputStream body) {
        return forward("PATCH", name, uri, headers, body);
    }

    private Response forward(String method, String name, UriInfo uri, HttpHeaders headers, InputStream body) {
        String path = rawPathAfterProxy(uri);
        String query = uri.getRequestUri().getRawQuery();
        Scope scope = Scope.of(headers.getHeaderString("X-Plugboard-Organization"),
                headers.getHeaderString("X-Plugboard-Canvas"));
        ResourceRef integration = new ResourceRef(Kind.INTEGRATION, scope, name);
        ApiRequest request = new ApiRequest(method, query == null ? path : path + "?" + query,
                forwardedHeaders(headers), read(body));
        ApiResponse answer;
        try {
            answer = api.client(integration).send(request);
        } catch (InvalidApiPathException e) {
            throw new ApiException(400, "invalid_path", e.getMessage());
        } catch (ApiUnavailableException e) {
            throw new ApiException(409, "provider_unavailable", e.getMessage());
        } catch (ApiIOException e) {
            throw new ApiException(502, "provider_unreachable", e.getMessage());
        } catch (IOException e) {
            throw new ApiException(502, "provider_unreachable", "The provider's API did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "The server is stopping");
        } catch (IllegalStateException e) {
            throw new ApiException(409, "credential_unavailable", e.getMessage());
        }
        Response.ResponseBuilder out = Response.status(answer.status());
        answer.headers().forEach((header, values) -> {
            if (!HOP_BY_HOP.contains(header) && !header.startsWith(":")) {
                values.forEach(v -> out.header(header, v));
            }
        });
        StreamingOutput stream = (OutputStream os) -> {
            try (InputStream in = answer.body()) {
                in.transferTo(os);
            }
        };
        return out.entity(stream).build();
    }

    /** The part of the request path after {@code /proxy/}, still percent-encoded as the caller sent it. */
    static String rawPathAfterProxy(UriInfo uri) {
        String raw = uri.getRequestUri().getRawPath();
        int at = raw.indexOf("/proxy/");
        return at < 0 ? "" : raw.substring(at + "/proxy/".length());
    }

    private static Map<String, List<String>> forwardedHeaders(HttpHeaders headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.equals("authorization") && !lower.equals("host")
                    && !lower.startsWith("x-plugboard-") && !lower.equals("cookie") && !lower.equals("expect")) {
                out.put(name, values);
            }
        });
        return out;
    }

    private static byte[] read(InputStream body) {
        if (body == null) {
            return null;
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "too_large", "A proxied request body may hold at most "
                        + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "unreadable_body", "The request body could not be read: " + e.getMessage());
        }
    }
}
