package io.plugboard.core.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Resolves Plugboard's data directory: configured, else {@code ${karaf.data}/plugboard}. */
public final class DataDirectory {

    private DataDirectory() {
    }

    public static Path resolve(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.trim());
        }
        String karafData = System.getProperty("karaf.data");
        return (karafData != null ? Paths.get(karafData) : Paths.get("data")).resolve("plugboard");
    }
}
