package io.plugboard.oauth.internal.web;

import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** No stack trace to the browser: JAX-RS errors keep their status, anything else is 500 with an incident id. */
public class UnexpectedErrorPage implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorPage.class);

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity("{\"error\":\"" + (status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : "error")
                            + "\",\"message\":\"" + IntegrationEndpoints.escape(String.valueOf(web.getResponse().getStatusInfo()
                            .getReasonPhrase())) + "\"}").build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected error in an OAuth endpoint, incident {}", incident, exception);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"error\":\"internal_error\",\"message\":\"Internal error (incident " + incident + "); see the server log.\"}")
                .build();
    }
}
