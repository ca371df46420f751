package io.plugboard.shell.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.provider.IssuedToken;
import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.ResourceRef;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "oidc-token",
        description = "Signs an ID token for an integration with auth.use AUTH_TYPE_OIDC and shows its claims",
        detailedDescription = "The token a call through the integration carries: check a provider's trust policy "
                + "(e.g. an AWS role's conditions on sub and aud) against its claims. --raw prints the token itself.")
public class OidcTokenCommand implements Action {

    @Argument(index = 0, name = "integration", description = "The integration's name", required = true)
    @Completion(IntegrationNameCompleter.class)
    String name;

    @Option(name = "--organization", description = "The integration's organization (default: default)")
    String organization;

    @Option(name = "--canvas", description = "The canvas it is scoped to, if any")
    String canvas;

    @Option(name = "--raw", description = "Print the signed token (it is a credential: handle it like one)")
    boolean raw;

    @Reference(optional = true)
    OidcIssuer issuer;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        IssuedToken token = OidcKeyListCommand.require(issuer).token(new ResourceRef(Kind.INTEGRATION,
                Scope.of(organization, canvas), name));
        if (raw) {
            out.println(token.token());
            return null;
        }
        String[] parts = token.token().split("\\.");
        out.println("Header:  " + new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        out.println("Claims:  " + new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        out.println("Expires: " + Format.time(token.expiresAt()));
        return null;
    }
}
