package io.plugboard.shell.internal;

import io.plugboard.api.connection.Connection;
import io.plugboard.api.connection.ConnectionNotFoundException;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "connection-test",
        description = "Tests a connection now with its type's probe and records the verdict",
        detailedDescription = "Calls the probe of the connection's type (see plugboard:connection-type-info) with the "
                + "connection's values and shows the verdict and whom the connection belongs to. A type without a "
                + "probe leaves the status Unknown.")
public class ConnectionTestCommand extends ExistingConnectionCommand {

    @Override
    public Object execute() {
        Connection c = connection();
        Connection tested;
        try {
            tested = connections().test(c.uid());
        } catch (ConnectionNotFoundException goneMeanwhile) {
            throw notFound(c.type());
        }
        out.println(label(tested) + " tested");
        out.println("State    " + tested.status().state());
        out.println("Reason   " + Format.orDash(tested.status().reason()));
        out.println("Checked  " + Format.time(tested.status().checkedAt()));
        out.println("Subject");
        printSubject(tested.subject());
        return null;
    }
}
