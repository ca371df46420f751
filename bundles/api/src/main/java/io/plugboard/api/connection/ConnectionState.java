package io.plugboard.api.connection;

/** What the last probe (or token refresh) found. */
public enum ConnectionState {
    /** Not probed yet, or its type has no probe. */
    Unknown,
    /** The probe answered 2xx. */
    Healthy,
    /** The probe failed: a non-2xx answer, no answer, or its type is gone. */
    Unhealthy,
    /** The provider refused the refresh token: the user must connect again. */
    NeedsReauth
}
