package io.plugboard.extender.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;

/** The entries of a bundle's own jar ({@link Bundle#getEntryPaths}, {@link Bundle#getEntry}): no class loading. */
final class BundleEntrySource implements EntrySource {

    /** A file larger than this is not read (connection and schema files are a few kilobytes). */
    static final int MAX_BYTES = 1024 * 1024;

    private final Bundle bundle;

    BundleEntrySource(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public List<String> list(String folder) {
        List<String> paths = new ArrayList<>();
        Enumeration<String> entries = bundle.getEntryPaths(folder);
        while (entries != null && entries.hasMoreElements()) {
            paths.add(entries.nextElement());
        }
        return paths;
    }

    @Override
    public byte[] read(String path) throws IOException {
        if (path.endsWith("/")) {
            return null;
        }
        URL url = bundle.getEntry(path);
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
