package io.plugboard.shell.internal;

import java.time.Duration;
import java.time.Instant;

import io.plugboard.api.connection.AuthorizationRequest;
import io.plugboard.api.connection.AuthorizationStatus;
import io.plugboard.api.connection.OAuthFlows;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Starts an OAuth2 connection, prints the login URL and waits, counting down, until it completes or fails. */
@Service
@Command(scope = "plugboard", name = "connect", description = "Connects a provider account through its OAuth login",
        detailedDescription = "Prints a single-use login URL (valid 10 minutes) to open in a browser, then waits with a "
                + "countdown until the login completes, fails or expires. Ctrl-C stops waiting (the link stays valid).")
public class ConnectCommand extends NamedConnectionCommand {

    @Argument(index = 0, name = "type", required = true,
            description = "Connection type with an OAuth2 source, <provider>/<name>@<version>, e.g. github/oauth@1")
    @Completion(ConnectionTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "name", required = true, description = "Name of the connection to create or reconnect")
    @Completion(ConnectionNameCompleter.class)
    String name;

    @Option(name = "--source", description = "The type's OAuth2 source (default: its first)")
    String source;

    @Option(name = "--base-url", description = "Base URL of a self-hosted server (e.g. GitHub Enterprise), when the type needs one")
    String baseUrl;

    @Option(name = "--environment", description = "The environment that completes the login, when one callback serves several")
    String environment;

    @Option(name = "--no-wait", description = "Print the URL and return")
    boolean noWait;

    @Reference(optional = true)
    OAuthFlows flows;

    /** Between two looks at the attempt; tests shorten it. */
    Duration poll = Duration.ofSeconds(1);

    @Override
    String typeArgument() {
        return type;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    public Object execute() throws InterruptedException {
        if (flows == null) {
            throw new IllegalStateException("OAuth connections are not available; is the io.plugboard.oauth bundle active? "
                    + "(see bundle:list)");
        }
        AuthorizationStatus started = flows.start(new AuthorizationRequest(ref(), name, blankToNull(source), scope(),
                blankToNull(baseUrl), blankToNull(environment), null));
        out.println("Open this link in a browser to connect " + label(ref(), name, scope()) + " (single use, valid until "
                + started.expiresAt() + "):");
        out.println();
        out.println("  " + started.authorizeUrl());
        out.println();
        if (noWait) {
            return null;
        }
        while (true) {
            AuthorizationStatus now = flows.status(started.attemptId()).orElse(null);
            if (now == null) {
                throw new IllegalStateException("The attempt " + started.attemptId() + " disappeared");
            }
            switch (now.state()) {
                case DONE:
                    out.println("\rConnected: " + (now.connection() == null ? label(ref(), name, scope())
                            : label(now.connection()) + ", subject " + subject(now.connection().subject())) + "          ");
                    if (!now.displayOnce().isEmpty()) {
                        out.println("Shown once — copy it now, it will not be shown again:");
                        new java.util.TreeMap<>(now.displayOnce()).forEach((k, v) -> out.println("  " + k + ": " + v));
                    }
                    return null;
                case FAILED:
                    out.println();
                    throw new IllegalStateException("Not connected: " + now.reason());
                case EXPIRED:
                    out.println();
                    throw new IllegalStateException("Not connected: the login link expired; run plugboard:connect again");
                default:
                    long left = Math.max(0, Duration.between(Instant.now(), now.expiresAt()).getSeconds());
                    out.print(String.format("\rWaiting for the login... %d:%02d left ", left / 60, left % 60));
                    out.flush();
                    Thread.sleep(poll.toMillis());
            }
        }
    }
}
