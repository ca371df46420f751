package io.plugboard.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Captures what a command prints, and reads ShellTable output back into cells. */
final class Output {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
        return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    List<String> lines() {
        String text = text();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** Header and data rows of a printed ShellTable, each as its trimmed cells (unicode or ASCII borders). */
    List<List<String>> table() {
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines()) {
            if (line.matches("[\\s─┼+\\-]+")) {
                continue; // the line under the header
            }
            if (line.contains("│") || line.contains(" | ")) {
                rows.add(Arrays.stream(line.split("│| \\| ", -1)).map(String::trim).toList());
            }
        }
        return rows;
    }
}
