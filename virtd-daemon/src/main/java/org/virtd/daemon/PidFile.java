package org.virtd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's pid file, held the way libvirtd holds its own.
 *
 * <p>The file is opened without truncation, then a POSIX record lock on its first byte is taken
 * without waiting. Only then is it truncated and the pid written (decimal, no newline), so a
 * second daemon can neither clobber the pid of a live one nor start beside it; a stale file left
 * by a dead daemon carries no lock and is simply taken over. If the path was unlinked or replaced
 * between open and lock, the attempt starts again on the new file. {@link #close()} unlinks the
 * file before dropping the lock, so no other daemon can lock a file that is about to vanish.
 *
 * <p>Because the lock is an fcntl lock, libvirtd and virtd exclude each other too. Within one
 * JVM, the JDK reports a second lock on the same file as {@link OverlappingFileLockException};
 * that is treated as contention as well.
 */
public final class PidFile implements AutoCloseable {

    /** Not TRUNCATE_EXISTING: a live daemon's pid must survive a failed attempt to take over. */
    private static final Set<StandardOpenOption> OPEN_OPTIONS =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE);

    /** Applied only when the file is created (then masked by the umask), as libvirt's open(2). */
    private static final FileAttribute<?> MODE_0644 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private final Path path;
    private final long pid;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private PidFile(Path path, long pid, FileChannel channel, FileLock lock) {
        this.path = path;
        this.pid = pid;
        this.channel = channel;
        this.lock = lock;
    }

    /** Acquires {@code path} for this process. */
    public static PidFile acquire(Path path) throws IOException {
        return acquire(path, ProcessHandle.current().pid());
    }

    /**
     * Creates (mode 0644 less the umask) or opens {@code path}, locks it and writes {@code pid} into it.
     *
     * @throws IOException with libvirt's text, for example {@code Failed to acquire pid file
     *     '/run/virtd.pid': Resource temporarily unavailable} when a live daemon holds it, or
     *     {@code Failed to open pid file '...': No such file or directory} when its directory is
     *     missing
     */
    public static PidFile acquire(Path path, long pid) throws IOException {
        Objects.requireNonNull(path);
        while (true) {
            FileChannel channel;
            try {
                channel = FileChannel.open(path, OPEN_OPTIONS, MODE_0644);
            } catch (IOException e) {
                throw new IOException("Failed to open pid file '" + path + "': " + strerror(e), e);
            }
            try {
                Object before = fileKey(path);
                FileLock lock;
                try {
                    lock = channel.tryLock(0, 1, false);
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new IOException("Failed to acquire pid file '" + path
                            + "': Resource temporarily unavailable");
                }
                Object after = fileKey(path);
                if (after == null || !after.equals(before)) {
                    // Another process removed or recreated the file while we locked it: our lock
                    // is on an orphan, so try again on whatever is there now.
                    lock.release();
                    channel.close();
                    continue;
                }
                channel.truncate(0);
                ByteBuffer bytes = ByteBuffer.wrap(Long.toString(pid).getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes, bytes.position());
                }
                channel.force(true);
                return new PidFile(path, pid, channel, lock);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /** Follows links, as stat(2) in libvirt does, so a symlinked pid file is compared by target. */
    private static @Nullable Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class)
                    .fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** The pid file's path. */
    public Path path() {
        return path;
    }

    /** The pid written into it. */
    public long pid() {
        return pid;
    }

    /** Whether the lock is still held. */
    public boolean isHeld() {
        return !closed && lock.isValid();
    }

    /** Unlinks the file, then releases the lock. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(path);
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "PidFile[" + path + ", pid " + pid + (closed ? ", released]" : "]");
    }
}
