package io.plugboard.rest.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Builds error responses; the error code is derived from the status unless given. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static Response response(int status, String message) {
        return response(status, codeFor(status), message);
    }

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(code, message)).build();
    }

    static String codeFor(int status) {
        switch (status) {
            case 400: return "bad_request";
            case 401: return "unauthorized";
            case 403: return "forbidden";
            case 404: return "not_found";
            case 405: return "method_not_allowed";
            case 406: return "not_acceptable";
            case 409: return "conflict";
            case 413: return "payload_too_large";
            case 415: return "unsupported_media_type";
            case 503: return "unavailable";
            default: return status >= 500 ? "internal_error" : "error";
        }
    }
}
