package io.plugboard.shell.internal;

import java.util.List;
import java.util.Map;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.ResourceNotFoundException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "integration-provision",
        description = "Creates, adopts or updates the provider-side webhooks the integration's event sources need, and "
                + "deletes the ones no longer needed - now, even if nothing changed - and shows how it went")
public class IntegrationProvisionCommand extends NamedResourceCommand {

    @Argument(index = 0, name = "name", description = "Name of the integration", required = true)
    @Completion(IntegrationNameCompleter.class)
    String name;

    @Override
    Kind kind() {
        return Kind.INTEGRATION;
    }

    @Override
    String name() {
        return name;
    }

    @Override
    public Object execute() {
        Resource integration;
        try {
            integration = resources().provision(ref());
        } catch (ResourceNotFoundException e) {
            throw notFound(e);
        }
        out.print(text(integration));
        return null;
    }

    /** {@code State: Ready}, the reason if any, then one line per hook. */
    @SuppressWarnings("unchecked")
    static String text(Resource integration) {
        Object p = integration.status().get("provisioning");
        if (!(p instanceof Map)) {
            return "Its provider creates no webhooks: there is nothing to provision. Phase: "
                    + integration.status().getOrDefault("phase", "Pending") + "\n";
        }
        Map<String, Object> provisioning = (Map<String, Object>) p;
        StringBuilder sb = new StringBuilder("State: ").append(provisioning.get("state")).append('\n');
        if (provisioning.get("reason") != null) {
            sb.append("Reason: ").append(provisioning.get("reason")).append('\n');
        }
        if (provisioning.get("nextAttempt") != null) {
            sb.append("Next attempt: ").append(provisioning.get("nextAttempt")).append('\n');
        }
        List<Map<String, Object>> hooks = (List<Map<String, Object>>) provisioning.getOrDefault("hooks", List.of());
        if (hooks.isEmpty()) {
            sb.append("No hooks.\n");
        }
        for (Map<String, Object> hook : hooks) {
            sb.append("Hook ").append(hook.get("id")).append(" on ").append(hook.get("target")).append('\n');
        }
        return sb.toString();
    }
}
