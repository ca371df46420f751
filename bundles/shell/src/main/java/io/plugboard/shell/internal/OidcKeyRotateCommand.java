package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.oidc.SigningKey;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "oidc-key-rotate",
        description = "Makes a new ID-token signing key: published now, signing after the publish delay",
        detailedDescription = "Verifiers that cache the JWKS learn the new key before its first token "
                + "(oidcKeyPublishSeconds in etc/io.plugboard.core.cfg, default 600). The key signing now retires "
                + "then and stays in the JWKS until the last token it signed has expired, so no token fails to verify.")
public class OidcKeyRotateCommand implements Action {

    @Reference(optional = true)
    OidcIssuer issuer;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        SigningKey key = OidcKeyListCommand.require(issuer).rotate();
        out.println("New signing key: " + key.kid() + " (" + key.algorithm() + ")");
        out.println("Published:       now, in " + issuer.issuer() + OidcIssuer.JWKS_PATH);
        out.println("Signs from:      " + Format.time(key.signsFrom()));
        return null;
    }
}
