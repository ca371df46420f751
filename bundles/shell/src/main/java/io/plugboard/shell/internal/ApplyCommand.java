package io.plugboard.shell.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.plugboard.api.resource.AppliedResource;
import io.plugboard.api.resource.FieldError;
import io.plugboard.api.resource.InvalidResourceException;
import io.plugboard.api.resource.ResourceService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * kubectl style apply. Each file is applied on its own, all or nothing: a bad file changes nothing, the other files
 * are still applied, and the command fails at the end.
 */
@Service
@Command(scope = "plugboard", name = "apply", description = "Creates or updates resources from YAML or JSON files",
        detailedDescription = "Each file holds one or more documents (kind: Secret, Integration or EventSource) "
                + "separated by ---. A folder stands for its .yaml, .yml and .json files, in name order (not "
                + "recursive). Each file is applied all or nothing; prints one line per document: "
                + "<kind>/<name> created, updated or unchanged. Relative paths start from the server's working "
                + "directory.")
public class ApplyCommand extends ResourceCommand {

    @Argument(index = 0, name = "paths", description = "Files or folders to apply", required = true,
            multiValued = true)
    @Completion(ResourceFileCompleter.class)
    List<String> paths;

    @Override
    public Object execute() {
        ResourceService service = resources();
        List<Path> files = files();
        int failed = 0;
        for (Path file : files) {
            if (!apply(service, file)) {
                failed++;
            }
        }
        if (failed > 0) {
            throw new IllegalArgumentException(failed + " of " + files.size() + (files.size() == 1 ? " file" : " files")
                    + " not applied (see above)");
        }
        return null;
    }

    /** The files to apply, in order; refuses before applying anything when a path is missing. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String p : paths) {
            Path path;
            try {
                path = Paths.get(p);
            } catch (InvalidPathException e) {
                problems.add("not a valid path: " + p);
                continue;
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    List<Path> inFolder = entries.filter(Files::isRegularFile).filter(ApplyCommand::isDocument)
                            .sorted().toList();
                    if (inFolder.isEmpty()) {
                        problems.add("no .yaml, .yml or .json files in folder " + path);
                    }
                    files.addAll(inFolder);
                } catch (IOException e) {
                    problems.add("cannot read folder " + path + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                problems.add("no such file or folder: " + p
                        + (path.isAbsolute() ? "" : " (" + path.toAbsolutePath().normalize() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Nothing applied: " + String.join("; ", problems));
        }
        return files;
    }

    static boolean isDocument(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** Applies one file and prints what happened; false when nothing was applied. */
    private boolean apply(ResourceService service, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            out.println(file + ": nothing applied: not UTF-8 text");
            return false;
        } catch (IOException e) {
            out.println(file + ": nothing applied: cannot read it: " + e.getMessage());
            return false;
        }
        try {
            List<AppliedResource> applied = service.apply(text);
            if (applied.isEmpty()) {
                out.println(file + ": no documents");
            }
            for (AppliedResource a : applied) {
                out.println(Format.label(a.ref()) + " " + a.action().label());
                // generated secrets are shown here once and never again
                a.displayOnce().forEach((name, value) -> out.println("  " + name + ": " + value + "   (shown once: store it now)"));
            }
            return true;
        } catch (InvalidResourceException e) {
            out.println(file + ": nothing applied:");
            for (FieldError error : e.errors()) {
                out.println("  document " + (error.document() + 1) + ": " + error);
            }
            return false;
        } catch (RuntimeException e) {
            out.println(file + ": nothing applied: " + e.getMessage());
            return false;
        }
    }
}
