package io.plugboard.shell.internal;

import java.time.Instant;

import io.plugboard.api.connection.AccessTokens;
import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "connection-refresh",
        description = "Refreshes an OAuth2 connection's access token now, whatever its expiry",
        detailedDescription = "Spends the connection's refresh token at its provider and stores the new tokens, as the "
                + "background refresh does before a token expires. A provider that refuses the refresh token marks "
                + "the connection NeedsReauth: connect it again with plugboard:connect. Form connections have no "
                + "token to refresh.")
public class ConnectionRefreshCommand extends ExistingConnectionCommand {

    @Reference(optional = true)
    AccessTokens tokens;

    @Override
    public Object execute() {
        Connection c = connection();
        if (tokens == null) {
            throw new IllegalStateException("OAuth tokens are not available; is the io.plugboard.oauth bundle active? "
                    + "(see bundle:list)");
        }
        Instant expires;
        try {
            expires = tokens.refresh(c.uid());
        } catch (ConnectionNotFoundException goneMeanwhile) {
            throw notFound(c.type());
        }
        out.println(label(c) + " refreshed");
        out.println("Expires  " + (expires == null ? "- (the provider did not say)" : Format.time(expires)));
        return null;
    }
}
