package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.resource.EncryptionKeys;
import io.plugboard.api.resource.EncryptionKeys.RotationResult;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "plugboard", name = "key-rotate",
        description = "Rotates the data key: adds a new one, re-encrypts every secret value with it, "
                + "retires the old ones",
        detailedDescription = "Values stay readable throughout, so the server keeps serving while it runs.")
public class KeyRotateCommand implements Action {

    @Reference(optional = true)
    EncryptionKeys keys;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        RotationResult result = require(keys).rotate();
        out.println("New active key: " + result.newKeyId());
        out.println("Re-encrypted:   " + result.reencrypted() + (result.reencrypted() == 1 ? " value" : " values"));
        out.println("Retired keys:   " + Format.join(result.retiredKeyIds()));
        return null;
    }

    static EncryptionKeys require(EncryptionKeys keys) {
        if (keys == null) {
            throw new IllegalStateException("The Plugboard encryption key service is not available; "
                    + "is the io.plugboard.core bundle active? (see bundle:list)");
        }
        return keys;
    }
}
