package io.plugboard.extender.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files under a directory, as a bundle would hold them (e.g. a module's src/main/resources). */
final class DirectoryEntrySource implements EntrySource {

    private final Path root;

    DirectoryEntrySource(Path root) {
        this.root = root;
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path dir = root.resolve(folder);
        List<String> children = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return children;
        }
        try (Stream<Path> stream = Files.list(dir)) {
            stream.forEach(p -> children.add(folder + p.getFileName() + (Files.isDirectory(p) ? "/" : "")));
        }
        return children;
    }

    @Override
    public byte[] read(String path) throws IOException {
        Path file = root.resolve(path);
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }
}
