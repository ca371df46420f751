package io.plugboard.rest.internal;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A request body that is not JSON, or not JSON of the expected shape: 400, saying where (never echoing the body). */
public class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException exception) {
        String where = exception.getLocation() == null ? ""
                : " (line " + exception.getLocation().getLineNr() + ", column " + exception.getLocation().getColumnNr() + ")";
        String problem = exception.getOriginalMessage();
        int cut = problem == null ? -1 : problem.indexOf('\n');
        String first = cut < 0 ? String.valueOf(problem) : problem.substring(0, cut);
        // quoted input longer than a character (e.g. "Unrecognized token 'ghp_...'") may be a secret: not echoed
        return ApiErrors.response(400, "bad_request", "The request body is not valid JSON" + where + ": "
                + first.replaceAll("'[^']{4,}'", "'...'"));
    }
}
