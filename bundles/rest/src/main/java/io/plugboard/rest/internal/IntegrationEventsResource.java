package io.plugboard.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plugboard.api.event.EventService;
import io.plugboard.api.event.IngestResult;
import io.plugboard.api.oidc.CallerTokens;
import io.plugboard.api.provider.WebhookVerification;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.ResourceService;
import io.plugboard.api.resource.Scope;
import io.plugboard.api.server.AdminAuthenticator;

/**
 * {@code POST /integrations/{name}/events}: an event a CI job (with its ID token) or an admin posts for an
 * integration, stored and dispatched like a verified webhook delivery, deduplicated by the caller's {@code id}. The
 * body is {@code {"id": "…", "type": "…", "data": {…}, "attributes": {field: value or [values]}}}; it is stored as
 * sent. Attributes are what event sources' filters match.
 */
@Path("/integrations/{name}/events")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationEventsResource {

    /** The largest body taken. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventService events;
    private final ResourceService resources;
    private final CallerTokens callers;
    private final AdminAuthenticator admin;

    public IntegrationEventsResource(EventService events, ResourceService resources, CallerTokens callers,
                                     AdminAuthenticator admin) {
        this.admin = admin;
        this.events = events;
        this.resources = resources;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(@PathParam("name") String name, @QueryParam("organization") String organization,
                         @QueryParam("canvasId") String canvasId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         InputStream body) {
        ResourceRef ref = new ResourceRef(Kind.INTEGRATION, Scope.of(organization, canvasId), name);
        Resource integration = CallerAuth.isAdmin(admin, authorization)
                ? resources.get(ref).orElseThrow(() -> new ApiException(404, "not_found", "No " + ref + "."))
                : CallerAuth.verified(callers, ref, authorization);
        byte[] bytes = read(body);
        JsonNode envelope;
        try {
            envelope = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "The body is not JSON.");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new ApiException(400, "invalid", "The body must be {\"id\": \"…\", \"type\": \"…\", \"data\": {…}}.");
        }
        envelope.fieldNames().forEachRemaining(field -> {
            if (!List.of("id", "type", "data", "attributes").contains(field)) {
                throw new ApiException(400, "unknown_field", "Unknown field '" + field + "': expected attributes, data, id, type.");
            }
        });
        String id = text(envelope, "id", ID, "the caller's id of the event, which a retry repeats");
        String type = text(envelope, "type", TYPE, "the event type, e.g. deploy.finished");
        IngestResult result = events.ingest(integration, WebhookVerification.accepted(id, type, attributes(envelope)),
                Map.of("Content-Type", "application/json"), bytes);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", result.id());
        answer.put("duplicate", result.duplicate());
        return Response.status(result.duplicate() ? 200 : 202).entity(answer).build();
    }

    private static String text(JsonNode envelope, String field, Pattern pattern, String what) {
        JsonNode value = envelope.get(field);
        if (value == null || !value.isTextual() || !pattern.matcher(value.asText()).matches()) {
            throw new ApiException(400, "invalid", "'" + field + "' is required: " + what + " (" + pattern.pattern() + ").");
        }
        return value.asText();
    }

    private static Map<String, List<String>> attributes(JsonNode envelope) {
        JsonNode node = envelope.get("attributes");
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ApiException(400, "invalid", "'attributes' must be an object of field: value or [values].");
        }
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                out.put(e.getKey(), List.of(v.asText()));
            } else if (v.isArray()) {
                List<String> values = new java.util.ArrayList<>();
                v.forEach(item -> {
                    if (!item.isValueNode() || item.isNull()) {
                        throw new ApiException(400, "invalid", "'attributes." + e.getKey() + "' must hold values.");
                    }
                    values.add(item.asText());
                });
                out.put(e.getKey(), values);
            } else {
                throw new ApiException(400, "invalid", "'attributes." + e.getKey() + "' must be a value or a list of values.");
            }
        });
        return out;
    }

    private static byte[] read(InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "payload_too_large", "The body is over " + MAX_BODY_BYTES + " bytes.");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "bad_request", "The body could not be read.");
        }
    }
}
