package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import io.plugboard.api.resource.EncryptionKeys;
import org.junit.Test;

public class KeyCommandsTest {

    private final Output output = new Output();

    private final EncryptionKeys keys = new EncryptionKeys() {
        @Override
        public List<KeyInfo> keys() {
            return List.of(new KeyInfo("k2", Instant.parse("2024-05-02T09:30:00.5Z"), true, 7),
                    new KeyInfo("k1", Instant.parse("2024-05-01T08:00:00Z"), false, 1));
        }

        @Override
        public RotationResult rotate() {
            return new RotationResult("k3", 8, List.of("k1", "k2"));
        }
    };

    @Test
    public void keyListShowsTheActiveKeyFirst() {
        KeyListCommand command = new KeyListCommand();
        command.keys = keys;
        command.out = output.stream;
        command.execute();
        assertEquals(List.of(
                List.of("Key", "Created", "Active", "Values"),
                List.of("k2", "2024-05-02T09:30:00Z", "yes", "7"),
                List.of("k1", "2024-05-01T08:00:00Z", "no", "1")), output.table());
    }

    @Test
    public void keyRotateSaysWhatItDid() {
        KeyRotateCommand command = new KeyRotateCommand();
        command.keys = keys;
        command.out = output.stream;
        command.execute();
        assertEquals(List.of(
                "New active key: k3",
                "Re-encrypted:   8 values",
                "Retired keys:   k1, k2"), output.lines());
    }
}
