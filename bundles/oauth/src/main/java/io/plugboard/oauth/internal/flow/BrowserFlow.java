package io.plugboard.oauth.internal.flow;

import java.util.Map;
import java.util.Optional;

import io.plugboard.api.connection.AuthorizationStatus;

/** What the browser-facing endpoints ({@code /integration/<provider>/login}, {@code /callback}) ask of the login flow. */
public interface BrowserFlow {

    /** The login link was opened: a redirect to the provider (with the browser cookie), or a failure. */
    Step login(String provider, String ticket);

    /** The provider redirected back: a redirect to the success page (or another environment), or a failure. */
    Step callback(String provider, Map<String, String> params, String rawQuery, String cookie);

    /** The redirect URI registered with the provider. */
    String callbackUri(String provider);

    /** How long a login started now stays valid: the browser's cookie lasts as long. */
    java.time.Duration attemptLifetime();

    /** The attempt a sign-up token polls. */
    Optional<AuthorizationStatus> signupStatus(String token);
}
