package io.plugboard.core.internal.crypto;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MasterKeyTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String base64(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    public void configurationThenEnvironmentThenFileThenTheDataDirectory() throws Exception {
        Path data = tmp.newFolder("data").toPath();
        Path elsewhere = tmp.newFolder("keys").toPath().resolve("plugboard.key");
        SecureRandom random = new SecureRandom();
        assertArrayEquals(Base64.getDecoder().decode(base64(1)),
                MasterKey.load(base64(1), base64(2), elsewhere.toString(), data, random).getEncoded());
        assertArrayEquals(Base64.getDecoder().decode(base64(2)),
                MasterKey.load("", base64(2), elsewhere.toString(), data, random).getEncoded());
        assertFalse("nothing written while the key comes from the environment", Files.exists(elsewhere));

        byte[] made = MasterKey.load("", null, elsewhere.toString(), data, random).getEncoded();
        assertTrue("made at first boot, where masterKeyFile says", Files.exists(elsewhere));
        assertFalse("and not next to the database", Files.exists(data.resolve("master.key")));
        assertArrayEquals("read again at the next boot", made,
                MasterKey.load("", "", elsewhere.toString(), data, random).getEncoded());

        MasterKey.load("", null, "", data, random);
        assertTrue(Files.exists(data.resolve("master.key")));
    }
}
