package io.plugboard.rest;

/** The one error shape of the API: {@code {"error": "<code>", "message": "<human text>"}}. */
public record ErrorBody(String error, String message) {
}
