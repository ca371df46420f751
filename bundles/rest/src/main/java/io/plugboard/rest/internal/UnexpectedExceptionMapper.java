package io.plugboard.rest.internal;

import java.util.UUID;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything else: logged with an incident id, answered with that id and no stack trace. */
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Exception exception) {
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected error, incident {}", incident, exception);
        return ApiErrors.response(500, "internal_error", "Internal error (incident " + incident + "); see the server log.");
    }
}
