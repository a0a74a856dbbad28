package org.dxguard.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.ServiceErrors;

/**
 * The one directory holding all of an instance's state. A second instance on the same directory is refused, so
 * two services never share (and corrupt) state by accident.
 */
public final class DataDirectory implements AutoCloseable {
    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static DataDirectory lock(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
            FileChannel ch = FileChannel.open(abs.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "data directory " + abs
                    + " is in use by another dxguard instance; give this one its own --data-dir");
            }
            return new DataDirectory(abs, ch, lock);
        } catch (IOException e) {
            throw new DxGuardException(ServiceErrors.STORAGE_FAILED, "cannot use data directory " + abs + ": "
                + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String child) {
        return root.resolve(child);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
