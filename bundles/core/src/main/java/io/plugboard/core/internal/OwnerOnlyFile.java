package io.plugboard.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generated credential on disk (the admin token, the master key): random bytes, base64, in a file only its owner
 * can read. Written to a temporary file first and moved into place, so a crash never leaves half a credential.
 */
public final class OwnerOnlyFile {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final String what;

    /** @param what names the content in log lines, e.g. {@code admin token} */
    public OwnerOnlyFile(Path path, String what) {
        this.path = path;
        this.what = what;
    }

    public Path path() {
        return path;
    }

    /**
     * The text in the file (trimmed), creating the file with {@code bytes} random bytes, base64url-encoded, when it
     * is missing or empty.
     */
    public String readOrCreate(SecureRandom random, int bytes) throws IOException {
        if (Files.exists(path)) {
            String text = Files.readString(path, StandardCharsets.UTF_8).trim();
            if (!text.isEmpty()) {
                warnIfReadableByOthers();
                return text;
            }
            LOG.warn("The {} file {} is empty; generating a new {}", what, path, what);
        }
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        write(text);
        return text;
    }

    private void write(String text) throws IOException {
        Files.createDirectories(path.getParent());
        Path tmp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp", ownerOnly());
        try {
            Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("Generated the {} into {} (mode 0600)", what, path);
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private void warnIfReadableByOthers() throws IOException {
        if (posix() && !OWNER_ONLY.equals(Files.getPosixFilePermissions(path))) {
            LOG.warn("The {} file {} is readable by other users: run chmod 600 on it", what, path);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
