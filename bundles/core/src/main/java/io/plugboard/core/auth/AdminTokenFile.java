package io.plugboard.core.auth;

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
 * The generated admin token on disk: 256 random bits, base64url, in a file only its owner can read.
 * Written to a temporary file first and moved into place, so a crash never leaves a half-written token.
 */
public final class AdminTokenFile {

    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenFile.class);
    static final int TOKEN_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final SecureRandom random;

    public AdminTokenFile(Path path, SecureRandom random) {
        this.path = path;
        this.random = random;
    }

    public Path path() {
        return path;
    }

    /** The token in the file, creating the file with a fresh token when it is missing or empty. */
    public String readOrCreate() throws IOException {
        if (Files.exists(path)) {
            String token = Files.readString(path, StandardCharsets.UTF_8).trim();
            if (!token.isEmpty()) {
                warnIfReadableByOthers();
                return token;
            }
            LOG.warn("Admin token file {} is empty; generating a new token", path);
        }
        return create();
    }

    private String create() throws IOException {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(path.getParent());
        Path tmp = Files.createTempFile(path.getParent(), ".admin.token", ".tmp", ownerOnly());
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("Generated the admin token into {} (mode 0600)", path);
        return token;
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private void warnIfReadableByOthers() throws IOException {
        if (posix() && !OWNER_ONLY.equals(Files.getPosixFilePermissions(path))) {
            LOG.warn("Admin token file {} is readable by other users: run chmod 600 on it", path);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
