package io.plugboard.oauth.internal.flow;

import java.net.URI;

/** The outcome of a browser step: a redirect (with a cookie to set) or a failure page. */
public record Step(URI redirect, String cookie, int status, String failure) {

    public static Step fail(int status, String message) {
        return new Step(null, null, status, message);
    }
}
