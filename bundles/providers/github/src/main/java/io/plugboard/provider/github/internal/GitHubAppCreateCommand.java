package io.plugboard.provider.github.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code plugboard:github-app-create}: a link that creates the server's GitHub App from its manifest. */
@Service
@Command(scope = "plugboard", name = "github-app-create",
        description = "Prints a link that creates the server's GitHub App on GitHub from its manifest (permissions "
                + "Actions and Webhooks read and write, this server's webhook, setup and callback URLs) and registers "
                + "it here: open it once, within 10 minutes, in the browser that is signed in to GitHub")
public class GitHubAppCreateCommand implements Action {

    @Option(name = "--owner", description = "The GitHub organization that owns the app (default: the user who opens "
            + "the link)")
    String owner;

    @Option(name = "--name", description = "The app's name on GitHub (unique there)")
    String name = "Plugboard";

    @Reference
    GitHubAppInstalls installs;

    @Override
    public Object execute() {
        GitHubAppInstalls.Link link;
        try {
            link = installs.manifestLink(owner, name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        System.out.println(link.url());
        System.out.println("Open it in a browser before " + link.expiresAt() + "; GitHub asks you to confirm the app, "
                + "then Plugboard stores it and shows its client secret and private key once.");
        return null;
    }
}
