package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.oidc.OidcIssuer;
import io.plugboard.api.oidc.SigningKey;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "oidc-key-list",
        description = "Lists the keys that sign Plugboard's OpenID Connect ID tokens, as its JWKS publishes them",
        detailedDescription = "NEXT: published, signs from 'Signs from'. ACTIVE: signs now. RETIRING: no longer signs, "
                + "published until the last token it signed has expired.")
public class OidcKeyListCommand implements Action {

    @Reference(optional = true)
    OidcIssuer issuer;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        OidcIssuer oidc = require(issuer);
        out.println("Issuer: " + oidc.issuer() + "  (JWKS: " + oidc.issuer() + OidcIssuer.JWKS_PATH + ")");
        ShellTable table = new ShellTable();
        table.column("Key id");
        table.column("Alg");
        table.column("State");
        table.column("Created");
        table.column("Signs from");
        table.column("Signs until");
        table.column("Published until");
        table.emptyTableText("No signing keys yet.");
        for (SigningKey k : oidc.keys()) {
            table.addRow().addContent(k.kid(), k.algorithm(), k.state().name(), Format.time(k.createdAt()),
                    Format.time(k.signsFrom()), Format.time(k.signsUntil()),
                    Format.time(k.publishedUntil()));
        }
        table.print(out);
        return null;
    }

    static OidcIssuer require(OidcIssuer issuer) {
        if (issuer == null) {
            throw new IllegalStateException("Plugboard's OpenID Connect issuer is not available; is the io.plugboard.core "
                    + "bundle active and its database up? (see bundle:list, plugboard:status)");
        }
        return issuer;
    }
}
