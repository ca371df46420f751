package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.resource.ResourceService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of the commands that work on resources. The service reference is optional so that a missing core service
 * makes these commands fail with a clear message instead of withdrawing every command of this bundle.
 */
abstract class ResourceCommand implements Action {

    @Reference(optional = true)
    ResourceService resources;

    /** Where the command writes; tests replace it. */
    PrintStream out = System.out;

    ResourceService resources() {
        if (resources == null) {
            throw new IllegalStateException("The Plugboard resource service is not available; "
                    + "is the io.plugboard.core bundle active? (see bundle:list)");
        }
        return resources;
    }
}
