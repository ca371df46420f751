package io.plugboard.core.internal.auth;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import io.plugboard.core.internal.CoreConfiguration;
import io.plugboard.core.internal.TestConfigs;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AdminTokenAuthenticatorTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void generatesA256BitTokenReadableOnlyByTheOwner() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("plugboard");
        AdminTokenAuthenticator auth = new AdminTokenAuthenticator();
        auth.configure(config("", dir.toString()));

        Path file = dir.resolve("admin.token");
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertEquals(32, Base64.getUrlDecoder().decode(token).length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(auth.isAdminToken(token));
        assertFalse(auth.isAdminToken(token + "x"));
        assertFalse(auth.isAdminToken(token.substring(1)));
        assertFalse(auth.isAdminToken(""));
        assertFalse(auth.isAdminToken(null));
        try (var files = Files.list(dir)) {
            assertEquals("no temporary file left behind", 1, files.count());
        }
    }

    @Test
    public void keepsTheTokenAcrossRestarts() throws Exception {
        Path dir = tmp.getRoot().toPath();
        new AdminTokenAuthenticator().configure(config("", dir.toString()));
        String first = Files.readString(dir.resolve("admin.token")).trim();

        AdminTokenAuthenticator restarted = new AdminTokenAuthenticator();
        restarted.configure(config("", dir.toString()));
        assertEquals(first, Files.readString(dir.resolve("admin.token")).trim());
        assertTrue(restarted.isAdminToken(first));
    }

    @Test
    public void aConfiguredTokenWinsAndNoFileIsWritten() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("data");
        AdminTokenAuthenticator auth = new AdminTokenAuthenticator();
        auth.configure(config("configured-token-configured-token-123", dir.toString()));
        assertTrue(auth.isAdminToken("configured-token-configured-token-123"));
        assertFalse(Files.exists(dir.resolve("admin.token")));

        // @Modified: a changed configuration takes effect without a restart
        auth.configure(config("", dir.toString()));
        assertFalse(auth.isAdminToken("configured-token-configured-token-123"));
        assertTrue(auth.isAdminToken(Files.readString(dir.resolve("admin.token")).trim()));
    }

    @Test
    public void anEmptyTokenFileIsReplaced() throws Exception {
        Path dir = tmp.getRoot().toPath();
        Files.writeString(dir.resolve("admin.token"), "\n");
        AdminTokenAuthenticator auth = new AdminTokenAuthenticator();
        auth.configure(config("", dir.toString()));
        String token = Files.readString(dir.resolve("admin.token")).trim();
        assertEquals(43, token.length());
        assertTrue(auth.isAdminToken(token));
    }

    public static CoreConfiguration config(String adminToken, String dataDirectory) {
        return TestConfigs.core(Map.of("adminToken", adminToken, "dataDirectory", dataDirectory,
                "connectionProbeInterval", 0L, "resourceCacheMillis", 2000L));
    }
}
