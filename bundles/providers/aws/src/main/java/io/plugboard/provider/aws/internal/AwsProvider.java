package io.plugboard.provider.aws.internal;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.plugboard.api.outbound.ApiEndpoint;
import io.plugboard.api.provider.AuthMode;
import io.plugboard.api.provider.EventType;
import io.plugboard.api.provider.Provider;
import org.osgi.service.component.annotations.Component;

/** The Amazon Web Services descriptor: API calls only (no webhooks), authenticated by {@link AwsCredentials}. */
@Component(service = Provider.class, property = Provider.PROVIDER_PROPERTY + "=" + AwsProvider.ID)
public class AwsProvider implements Provider {

    public static final String ID = "aws";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Amazon Web Services";
    }

    @Override
    public String description() {
        return "Amazon Web Services: calls an AWS API with temporary credentials that AWS STS gives for Plugboard's "
                + "OpenID Connect ID token (AssumeRoleWithWebIdentity), each request signed with Signature Version 4.";
    }

    @Override
    public Set<AuthMode> authModes() {
        return EnumSet.of(AuthMode.OIDC);
    }

    @Override
    public List<EventType> eventTypes() {
        return List.of();
    }

    /**
     * The integration's url is the AWS service endpoint itself, e.g. {@code https://lambda.eu-west-1.amazonaws.com};
     * the scheme is only a marker: {@link AwsCredentials#sign} sets the {@code Authorization} header of each request.
     */
    @Override
    public ApiEndpoint api(String integrationUrl) {
        return integrationUrl == null || integrationUrl.isBlank() ? null
                : new ApiEndpoint(URI.create(integrationUrl.trim()), SigV4.ALGORITHM);
    }
}
