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
        return ApiErrors.response(400, "bad_request", "The request body is not valid JSON" + where + ": "
                + plain(exception.getOriginalMessage()));
    }

    /** The parser's message in plain words: no token classes, Java types or character codes. */
    static String plain(String problem) {
        int cut = problem == null ? -1 : problem.indexOf('\n');
        String first = cut < 0 ? String.valueOf(problem) : problem.substring(0, cut);
        if (first.startsWith("Unexpected end-of-input")) {
            return "it ends before the JSON is complete.";
        }
        if (first.startsWith("Cannot deserialize value of type") || first.startsWith("Cannot construct instance")) {
            if (first.contains("START_ARRAY")) {
                return "expected a JSON object {...}, not an array.";
            }
            return "expected a JSON object {...}.";
        }
        String text = first.replaceAll("\\s*\\((?:CTRL-CHAR, )?code \\d+\\)", "")
                .replace("Unexpected character", "unexpected character")
                .replace("Unrecognized token", "unrecognized word");
        // quoted input longer than a character (e.g. "Unrecognized token 'ghp_...'") may be a secret: not echoed
        return text.replaceAll("'[^']{4,}'", "'...'");
    }
}
