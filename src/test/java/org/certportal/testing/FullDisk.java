package org.certportal.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * A disk that a test can fill: H2's files under {@code jdbc:h2:fulldisk:<path>} are ordinary files
 * (through H2's default file system), except that while {@link #fill()} holds, every write fails as
 * the kernel fails it on a full disk ("No space left on device"), after writing the first half of
 * what it was given, as a real write that runs out of blocks part-way does. No mount, no root: H2
 * reaches its files through this {@link FilePath} abstraction, so the database sees exactly the
 * errors it would see on a full file system.
 */
public final class FullDisk extends FilePathWrapper {

    private static volatile boolean full;

    static {
        FilePath.register(new FullDisk());
    }

    /** Makes sure the file system is registered (before a {@code jdbc:h2:fulldisk:} URL is opened). */
    public static void install() {
        // the static initializer did it
    }

    public static void fill() {
        full = true;
    }

    public static void free() {
        full = false;
    }

    @Override
    public String getScheme() {
        return "fulldisk";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(getBase().open(mode));
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        failIfFull();
        return super.newOutputStream(append);
    }

    private static void failIfFull() throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
    }

    private static final class Channel extends FileBase {

        private final FileChannel base;

        Channel(FileChannel base) {
            this.base = base;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public synchronized int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (full) {
                tornWrite(src, base.position());
            }
            return base.write(src);
        }

        @Override
        public synchronized int write(ByteBuffer src, long position) throws IOException {
            if (full) {
                tornWrite(src, position);
            }
            return base.write(src, position);
        }

        /** Writes the first half, then fails: the blocks ran out part-way. */
        private void tornWrite(ByteBuffer src, long position) throws IOException {
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            base.write(half, position);
            throw new IOException("No space left on device");
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            failIfFull();
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
