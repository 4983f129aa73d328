package org.certportal.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory holds the database files, the master key and the database password: only the
 * portal's own user may read any of it. Directories are 0700 and files 0600, set explicitly after
 * creation, so the process umask does not matter; what an older version left world-readable (0644
 * files in 0755 directories) is tightened at every start. On a file system without POSIX
 * permissions nothing is changed: the directory's own access rules have to do.
 */
public final class DataDirectory {

    static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** The portal's own subdirectories: the embedded database and the keys. */
    static final List<String> OWN = List.of("db", "keys");

    /**
     * Creates {@code dir} if needed and makes it private, and everything in its {@code db/} and
     * {@code keys/}. Only those: a data directory set by mistake to a shared place ("." or a home
     * directory) must not have other people's files changed.
     */
    public static void secure(Path dir) {
        try {
            createPrivateDirectory(dir);
            for (String own : OWN) {
                Path sub = dir.resolve(own);
                if (Files.isDirectory(sub, LinkOption.NOFOLLOW_LINKS)) {
                    secureTree(sub);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the data directory " + dir + " private", e);
        }
    }

    private static void secureTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue; // never follow a link out of the directory
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(p, PRIVATE_DIRECTORY);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    restrict(p, PRIVATE_FILE);
                }
            }
        }
    }

    /** Creates {@code dir} (and missing parents) as 0700; an existing one is set to 0700. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createPrivateDirectory(parent);
            }
            try {
                Files.createDirectory(dir, privateAttribute(PRIVATE_DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                // another process (the portal and an administration command) made it first
            }
        }
        restrict(dir, PRIVATE_DIRECTORY);
    }

    /**
     * Writes a new secret file, 0600 from its first byte (created with that mode, so there is no moment
     * when it is readable by others). Fails with {@link FileAlreadyExistsException} if it exists.
     */
    public static void writeNewSecret(Path file, String content) throws IOException {
        createPrivateDirectory(file.toAbsolutePath().getParent());
        Files.write(Files.createFile(file, privateAttribute(PRIVATE_FILE)), content.getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.TRUNCATE_EXISTING);
        restrict(file, PRIVATE_FILE);
    }

    private static FileAttribute<?>[] privateAttribute(Set<PosixFilePermission> permissions) {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static boolean isPosix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void restrict(Path p, Set<PosixFilePermission> permissions) throws IOException {
        if (!isPosix()) {
            return;
        }
        // createDirectory/createFile apply the umask to the mode asked for; this sets it exactly.
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
            Files.setPosixFilePermissions(p, permissions);
        }
    }
}
