package io.plugboard.api.provider;

/** How an integration authenticates against a provider's service. */
public enum AuthMode {
    /** No credentials (public endpoints, inbound webhooks only). */
    NONE,
    /** A static token taken from a secret. */
    TOKEN,
    /** An OAuth 2.0 access token obtained by a login flow. */
    OAUTH2,
    /** An OpenID Connect ID token issued by Plugboard itself. */
    OIDC
}
