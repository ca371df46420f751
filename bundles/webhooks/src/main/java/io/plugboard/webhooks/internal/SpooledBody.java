package io.plugboard.webhooks.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.plugboard.api.provider.WebhookBody;

/**
 * A request body as it is received: in memory up to {@link #MEMORY_BYTES}, the rest in a file of the spool directory,
 * so a 25 MB delivery costs the heap 256 KiB, not 25 MB. Reading stops one byte past the cap (the caller answers
 * 413); the file is deleted on {@link #close()}.
 */
final class SpooledBody implements WebhookBody, Closeable {

    static final int MEMORY_BYTES = 256 * 1024;
    private static final int READ_BUFFER = 64 * 1024;
    private static final String PREFIX = "webhook-";
    private static final String SUFFIX = ".body";

    private final byte[] memory;
    private final Path file;
    private final long length;

    private SpooledBody(byte[] memory, Path file, long length) {
        this.memory = memory;
        this.file = file;
        this.length = length;
    }

    /** The spool could not take a body (disk full, no permission): not the sender's fault. */
    static final class SpoolException extends IOException {
        SpoolException(IOException cause) {
            super("the spool directory cannot take the body: " + cause.getMessage(), cause);
        }
    }

    /**
     * Reads {@code in} to its end or to {@code cap + 1} bytes, whichever comes first. The buffers are sized for the
     * declared length, so a small delivery - nearly all of them - allocates about its own size, not 64 KiB.
     *
     * @param expected the declared length, or -1
     * @throws SpoolException when the spool file cannot be written
     * @throws IOException when reading {@code in} fails (the sender went away, a short body)
     */
    static SpooledBody receive(InputStream in, long expected, long cap, Path spool) throws IOException {
        boolean small = expected >= 0 && expected < READ_BUFFER;
        byte[] buffer = new byte[small ? (int) expected + 1 : READ_BUFFER]; // + 1: room to see the end (or more)
        ByteArrayOutputStream memory = new ByteArrayOutputStream(small ? (int) expected : READ_BUFFER);
        Path file = null;
        OutputStream out = null;
        long total = 0;
        try {
            for (int n; total <= cap && (n = in.read(buffer, 0, (int) Math.min(buffer.length, cap + 1 - total))) >= 0; ) {
                total += n;
                if (file == null && memory.size() + n <= MEMORY_BYTES) {
                    memory.write(buffer, 0, n);
                    continue;
                }
                try {
                    if (file == null) {
                        Files.createDirectories(spool);
                        file = Files.createTempFile(spool, PREFIX, SUFFIX);
                        out = new BufferedOutputStream(Files.newOutputStream(file), READ_BUFFER);
                        memory.writeTo(out);
                        memory = null;
                    }
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new SpoolException(e);
                }
            }
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new SpoolException(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        return new SpooledBody(file == null ? memory.toByteArray() : null, file, total);
    }

    /** Removes spool files a stopped (or killed) server left behind. */
    static void clean(Path spool) {
        if (!Files.isDirectory(spool)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spool, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // leftovers only take disk space; the next start tries again
        }
    }

    @Override
    public long length() {
        return length;
    }

    /** Whether it lives in a file (tests). */
    boolean spooled() {
        return file != null;
    }

    @Override
    public InputStream open() throws IOException {
        return file == null ? new ByteArrayInputStream(memory) : Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException alsoFailed) {
                // already failing
            }
        }
    }
}
