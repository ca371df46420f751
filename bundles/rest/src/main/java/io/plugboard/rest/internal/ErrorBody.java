package io.plugboard.rest.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error shape of the API: {@code {"error": "<code>", "message": "<human text>"}}. Two errors add a field,
 * present only for them: a refused {@code apply} ({@code "details"}: one entry per problem) and a delete refused
 * because others use the resource ({@code "referrers"}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, List<Detail> details, List<RefView> referrers) {

    public ErrorBody(String error, String message) {
        this(error, message, null, null);
    }

    /**
     * One problem in the input of {@code apply}.
     *
     * @param document the document's position in the input, from 1
     * @param field    the field in dotted form, e.g. {@code spec.auth.use}; empty for the whole document
     */
    public record Detail(int document, String field, String message) {
    }
}
