package io.plugboard.shell.internal;

import java.io.PrintStream;

import io.plugboard.api.resource.EncryptionKeys;
import io.plugboard.api.resource.EncryptionKeys.KeyInfo;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "plugboard", name = "key-list",
        description = "Lists the data keys that encrypt secret values, the active one first")
public class KeyListCommand implements Action {

    @Reference(optional = true)
    EncryptionKeys keys;

    PrintStream out = System.out;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Key");
        table.column("Created");
        table.column("Active");
        table.column("Values");
        table.emptyTableText("No data keys yet.");
        for (KeyInfo k : KeyRotateCommand.require(keys).keys()) {
            table.addRow().addContent(k.id(), Format.time(k.createdAt()), k.active() ? "yes" : "no", k.values());
        }
        table.print(out);
        return null;
    }
}
