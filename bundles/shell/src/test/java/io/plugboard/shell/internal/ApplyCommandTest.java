package io.plugboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ApplyCommandTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final FakeResourceService service = new FakeResourceService();
    private final Output output = new Output();

    private static final String SECRET_AND_INTEGRATION = String.join("\n",
            "apiVersion: v1",
            "kind: Secret",
            "metadata:",
            "  name: semaphore",
            "spec:",
            "  local: yes",
            "---",
            "apiVersion: v1",
            "kind: Integration",
            "metadata:",
            "  name: semaphore-integration",
            "spec:",
            "  type: semaphore",
            "");

    private static final String BAD = String.join("\n",
            "kind: Integration",
            "metadata:",
            "  organization: default",
            "---",
            "kind: Widget",
            "metadata:",
            "  name: w",
            "");

    private static final String EVENT_SOURCE_JSON = String.join("\n",
            "{",
            "  \"kind\": \"EventSource\",",
            "  \"metadata\": {",
            "    \"name\": \"my-specific-project\",",
            "    \"canvasId\": \"canvas-1\"",
            "  }",
            "}",
            "");

    @Test
    public void appliesAFolderFileByFileAndFailsForTheBadOne() throws IOException {
        File folder = tmp.newFolder("resources");
        write(folder, "01-semaphore.yaml", SECRET_AND_INTEGRATION);
        write(folder, "02-bad.yml", BAD);
        write(folder, "03-source.json", EVENT_SOURCE_JSON);
        write(folder, "README.txt", "kind: Secret\nname: ignored\n");
        write(tmp.newFolder("resources", "nested"), "ignored.yaml", "kind: Secret\nname: nested\n");

        try {
            command(folder.getPath()).execute();
            fail("a bad file must make the command fail");
        } catch (IllegalArgumentException e) {
            assertEquals("1 of 3 files not applied (see above)", e.getMessage());
        }
        assertEquals(List.of(
                "secret/semaphore created",
                "integration/semaphore-integration created",
                new File(folder, "02-bad.yml").getPath() + ": nothing applied:",
                "  document 1: metadata.name: required",
                "  document 2: kind: must be one of Secret, Integration, EventSource",
                "eventsource/my-specific-project (default/canvas-1) created"), output.lines());
        assertEquals(3, service.store.size());
        assertEquals(3, service.appliedTexts.size());
    }

    @Test
    public void reapplyingSaysUnchangedAndAChangeSaysUpdated() throws Exception {
        File file = write(tmp.getRoot(), "semaphore.yaml", SECRET_AND_INTEGRATION);
        command(file.getPath()).execute();
        command(file.getPath()).execute();
        write(tmp.getRoot(), "semaphore.yaml", SECRET_AND_INTEGRATION.replace("type: semaphore", "type: github"));
        File other = write(tmp.getRoot(), "acme.yml", "kind: Secret\nname: token\norganization: acme\n");
        command(file.getPath(), other.getPath()).execute();

        assertEquals(List.of(
                "secret/semaphore created",
                "integration/semaphore-integration created",
                "secret/semaphore unchanged",
                "integration/semaphore-integration unchanged",
                "secret/semaphore unchanged",
                "integration/semaphore-integration updated",
                "secret/token (acme) created"), output.lines());
    }

    @Test
    public void aMissingPathStopsTheCommandBeforeAnythingIsApplied() throws Exception {
        File good = write(tmp.getRoot(), "good.yaml", SECRET_AND_INTEGRATION);
        String missing = new File(tmp.getRoot(), "missing.yaml").getPath();
        try {
            command(good.getPath(), missing).execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("Nothing applied: no such file or folder: " + missing, e.getMessage());
        }
        assertTrue(service.appliedTexts.isEmpty());
        assertEquals("", output.text());
    }

    @Test
    public void aRelativeMissingPathIsShownWithWhereItWasLookedFor() {
        try {
            command("no-such-dir/x.yaml").execute();
            fail();
        } catch (IllegalArgumentException e) {
            String resolved = Path.of("no-such-dir/x.yaml").toAbsolutePath().normalize().toString();
            assertEquals("Nothing applied: no such file or folder: no-such-dir/x.yaml (" + resolved + ")",
                    e.getMessage());
        }
    }

    @Test
    public void aFolderWithoutDocumentsIsAnError() throws Exception {
        File folder = tmp.newFolder("empty");
        write(folder, "notes.txt", "nothing here");
        try {
            command(folder.getPath()).execute();
            fail();
        } catch (IllegalArgumentException e) {
            assertEquals("Nothing applied: no .yaml, .yml or .json files in folder " + folder.getPath(),
                    e.getMessage());
        }
    }

    @Test
    public void anExplicitlyNamedFileIsAppliedWhateverItsExtension() throws Exception {
        File file = write(tmp.getRoot(), "secret.txt", "kind: Secret\nname: plain\n");
        command(file.getPath()).execute();
        assertEquals(List.of("secret/plain created"), output.lines());
    }

    @Test
    public void failsClearlyWithoutTheResourceService() throws Exception {
        File file = write(tmp.getRoot(), "a.yaml", SECRET_AND_INTEGRATION);
        ApplyCommand command = command(file.getPath());
        command.resources = null;
        try {
            command.execute();
            fail();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("The Plugboard resource service is not available"));
        }
    }

    private ApplyCommand command(String... paths) {
        ApplyCommand command = new ApplyCommand();
        command.resources = service;
        command.out = output.stream;
        command.paths = List.of(paths);
        return command;
    }

    private static File write(File folder, String name, String text) throws IOException {
        File file = new File(folder, name);
        Files.writeString(file.toPath(), text, StandardCharsets.UTF_8);
        return file;
    }
}
