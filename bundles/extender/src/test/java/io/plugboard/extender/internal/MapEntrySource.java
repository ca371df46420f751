package io.plugboard.extender.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Files in memory, path → content; folders are implied by the paths, as in a jar. */
final class MapEntrySource implements EntrySource {

    private final Map<String, byte[]> files = new TreeMap<>();

    MapEntrySource put(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public List<String> list(String folder) {
        Set<String> children = new LinkedHashSet<>();
        for (String path : files.keySet()) {
            if (path.startsWith(folder) && path.length() > folder.length()) {
                String rest = path.substring(folder.length());
                int slash = rest.indexOf('/');
                children.add(folder + (slash < 0 ? rest : rest.substring(0, slash + 1)));
            }
        }
        return new ArrayList<>(children);
    }

    @Override
    public byte[] read(String path) {
        return files.get(path);
    }
}
