package io.plugboard.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Counts what happens outside core for the server's Prometheus metrics ({@code GET /metrics}). Each call is cheap
 * (no I/O) and never throws; labels are free text kept short by the callers.
 */
@ProviderType
public interface Metrics {

    /** Webhook outcomes: the {@code outcome} label of {@link #webhook}. */
    String ACCEPTED = "accepted";
    String DUPLICATE = "duplicate";
    String REJECTED = "rejected";
    String INVALID = "invalid";
    String TOO_LARGE = "too_large";
    String NOT_FOUND = "not_found";
    String UNAVAILABLE = "unavailable";
    String HANDSHAKE = "handshake";

    /**
     * A webhook delivery answered.
     *
     * @param provider the provider id of the URL ({@code github}), or {@code unknown}
     * @param outcome  one of the constants above
     * @param nanos    from the request's arrival to its answer
     */
    void webhook(String provider, String outcome, long nanos);

    /** An OAuth login finished: {@code connected} or {@code failed}. */
    void oauthLogin(String provider, String outcome);

    /** A token refresh: {@code refreshed}, {@code refused} (the provider refused the refresh token) or {@code failed}. */
    void tokenRefresh(String provider, String outcome);

    /** The media type {@link #write} writes: the Prometheus text format 0.0.4. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Writes every metric - these counters, core's own, the database pool's and the JVM's - in {@link #CONTENT_TYPE}. */
    void write(java.io.OutputStream out) throws java.io.IOException;
}
