package io.plugboard.provider.github.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/io.plugboard.github.cfg}: where the server's GitHub App is registered. */
@ObjectClassDefinition(name = "Plugboard GitHub App", description = "The GitHub App this server's GitHub App "
        + "integrations belong to, and its webhook")
public @interface GitHubAppConfiguration {

    String PID = "io.plugboard.github";

    @AttributeDefinition(description = "The organization of the Secret that holds the app's registration")
    String appOrganization() default "default";

    @AttributeDefinition(description = "The Secret that holds the app's registration: webhookSecret (verifies "
            + "/integrations/github/app_webhook), and clientId (or appId) with privateKey for the integrations that "
            + "name no key of their own")
    String appSecret() default "github-app";

    @AttributeDefinition(description = "The GitHub the app lives on: https://github.com, or a GitHub Enterprise "
            + "Server's URL (its API is <url>/api/v3)")
    String url() default "https://github.com";

    @AttributeDefinition(description = "Seconds an install or manifest link (its single-use ticket) and the state "
            + "GitHub brings back stay valid; 60 to 86400. The links' base is publicUrl of etc/io.plugboard.core.cfg.")
    long installLinkLifetimeSeconds() default 600;

    @AttributeDefinition(description = "Largest app webhook body taken, in bytes (GitHub's installation events are "
            + "a few kB); larger ones are answered 413")
    long maxBodyBytes() default 1L << 20;
}
