package io.plugboard.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** Completes folders and the .yaml, .yml and .json files that plugboard:apply reads. */
@Service
public class ResourceFileCompleter extends FileCompleter {

    @Override
    protected boolean accept(Path path) {
        return super.accept(path) && (Files.isDirectory(path) || ApplyCommand.isDocument(path));
    }
}
