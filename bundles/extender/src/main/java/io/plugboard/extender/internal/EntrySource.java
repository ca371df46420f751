package io.plugboard.extender.internal;

import java.io.IOException;
import java.util.List;

/**
 * The files of one bundle (or, in tests, of a directory), by path relative to its root with {@code /} as separator.
 */
public interface EntrySource {

    /**
     * The direct children of {@code folder} (which ends with {@code /}), as full paths; folders end with {@code /}.
     * Empty when the folder does not exist.
     */
    List<String> list(String folder) throws IOException;

    /** The content of the file {@code path}, or {@code null} when there is no such file. */
    byte[] read(String path) throws IOException;
}
