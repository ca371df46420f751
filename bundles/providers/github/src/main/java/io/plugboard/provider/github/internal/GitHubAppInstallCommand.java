package io.plugboard.provider.github.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code plugboard:github-app-install}: an install link of the server's GitHub App, as the REST call gives it. */
@Service
@Command(scope = "plugboard", name = "github-app-install",
        description = "Prints a link that installs the server's GitHub App on a GitHub account and makes its "
                + "integration in an organization: open it once, in the browser that finishes the installation, "
                + "within 10 minutes")
public class GitHubAppInstallCommand implements Action {

    @Option(name = "--organization", aliases = "-o", description = "The organization the integration is made in")
    String organization = "default";

    @Option(name = "--account", aliases = "-a", description = "Only take an installation on this GitHub account "
            + "(organization or user)")
    String account;

    @Reference
    GitHubAppInstalls installs;

    @Override
    public Object execute() {
        GitHubAppInstalls.Link link;
        try {
            link = installs.link(organization, account);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        System.out.println(link.url());
        System.out.println("Open it in a browser before " + link.expiresAt() + "; the integration is made in "
                + link.organization() + (link.account() == null ? "" : " for the account " + link.account()) + ".");
        return null;
    }
}
