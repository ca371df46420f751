package io.plugboard.oauth.internal.flow;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.plugboard.oauth.settings}: {@code etc/io.plugboard.oauth.settings.cfg}. */
@ObjectClassDefinition(name = "Plugboard OAuth", description = "How this server runs OAuth logins")
public @interface OAuthSettings {

    String PID = "io.plugboard.oauth.settings";

    @AttributeDefinition(description = "The address registered at the providers as the origin of the callback URL "
            + "(<authOrigin>/integration/<provider>/callback). Empty: publicUrl of etc/io.plugboard.core.cfg. With environments, the one instance "
            + "that receives every callback.")
    String authOrigin() default "";

    @AttributeDefinition(description = "This server's environment name, when several environments share one callback.")
    String environment() default "";

    @AttributeDefinition(description = "Environments a callback may be forwarded to: name=baseUrl, comma separated "
            + "(e.g. staging=https://staging.example.com). Only these are ever redirected to.")
    String environments() default "";

    @AttributeDefinition(description = "Where the browser goes after a successful connection. Empty: a built-in page.")
    String successUrl() default "";

    @AttributeDefinition(description = "Refresh tokens this many seconds before they expire.")
    long refreshBeforeSeconds() default 300;

    @AttributeDefinition(description = "Seconds between two runs of the background refresh; 0 turns it off.")
    long refreshIntervalSeconds() default 60;

    @AttributeDefinition(description = "Seconds a login link (its single-use ticket) and the login it starts (its "
            + "state, the browser's cookie) stay valid; 60 to 86400.")
    long attemptLifetimeSeconds() default 600;
}
