package org.certportal.platform;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the portal, or a command, from the class data sharing archive that {@code mvn package} makes
 * beside the jar ({@code target/certportal-cds/}, see {@code scripts/class-data-archive.sh}), with no flag
 * on the command line: {@code java -jar target/certportal.jar} stays the whole contract.
 *
 * <p>Why: 47% of the start's main thread was loading and verifying classes, each read from a jar nested in
 * the jar. An archive of those classes, mapped at start, removes most of that, but on Java 17 the JVM only
 * uses one named by {@code -XX:SharedArchiveFile} on its command line, which a jar cannot carry. So the JVM
 * started by {@code java -jar} replaces itself, before any framework code runs, with one that has the flag:
 * {@code execve(2)}, the same process (same PID, so signals, exit codes, {@code jcmd}, a supervisor's memory
 * limit and {@code kill -9} all reach the portal itself), the same standard streams, arguments and
 * environment. Measured on 2 cores: the first {@code /login} about 4 s sooner (bench/RESULTS.md).
 *
 * <p>It does nothing, and the start goes on as before in this JVM, whenever it cannot be sure the archive
 * fits: no directory beside the jar (a jar copied alone), a directory made for another build of the jar or
 * by another JVM, a JVM already given an archive or a debugger, no Linux C library, or the operator's
 * {@code CERTPORTAL_ARCHIVED_START=false} (or {@code -Dcertportal.archived-start=false}).
 */
public final class ArchivedStart {

    static final String SWITCH_PROPERTY = "certportal.archived-start";
    static final String SWITCH_ENV = "CERTPORTAL_ARCHIVED_START";
    /** Set on the JVM it starts: the portal logs where it came from, and it never starts another. */
    static final String FROM_PROPERTY = "certportal.archived-start.from";
    static final String DIRECTORY_SUFFIX = "-cds";
    static final String ARCHIVE = "certportal.jsa";
    static final String STAMP = "cds.properties";
    /** The two reasons that say nothing worth logging: there was no archive to use. */
    static final String NO_ARCHIVE = "no archive beside the jar";
    static final String NOT_JAVA_JAR = "not started with java -jar";

    /** Why this JVM was not replaced, for the start's log; null before {@link #relaunchIfPrepared} ran. */
    private static volatile String stayedBecause;

    private ArchivedStart() {
    }

    /** What {@link #plan} needs to know of this JVM and of the files beside its jar. */
    record Situation(
            String classPath,
            List<String> jvmArguments,
            String environmentOptions,
            String javaHome,
            String vmVersion,
            String osName,
            String switchProperty,
            String switchEnv,
            Optional<Properties> stamp,
            long jarSize,
            long jarModifiedSeconds,
            boolean archiveAndJarPresent,
            boolean guardedLikeTheJar) {
    }

    /** Either the command line of the JVM to become, or why this one goes on. */
    record Plan(List<String> command, String reason) {
        static Plan stay(String reason) {
            return new Plan(List.of(), reason);
        }

        boolean relaunch() {
            return !command.isEmpty();
        }
    }

    /** The directory the build makes beside {@code certportal.jar}: {@code certportal-cds}. */
    static Path directoryFor(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + DIRECTORY_SUFFIX);
    }

    static Plan plan(Situation s, List<String> args, boolean shortLivedCommand) {
        if ("false".equalsIgnoreCase(s.switchProperty()) || "false".equalsIgnoreCase(s.switchEnv())) {
            return Plan.stay("switched off");
        }
        if (!s.osName().toLowerCase(Locale.ROOT).contains("linux")) {
            return Plan.stay("not Linux");
        }
        if (s.classPath() == null || s.classPath().contains(File.pathSeparator) || !s.classPath().endsWith(".jar") || s.jvmArguments() == null) {
            return Plan.stay(NOT_JAVA_JAR);
        }
        // What JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS give counts as much as the command line.
        List<String> given = new ArrayList<>(s.jvmArguments());
        given.addAll(List.of(s.environmentOptions().trim().split("\\s+")));
        for (String argument : given) {
            if (argument.startsWith("-D" + FROM_PROPERTY + "=")) {
                return Plan.stay("already started from the archive");
            }
            if (argument.startsWith("-XX:SharedArchiveFile") || argument.startsWith("-XX:ArchiveClassesAtExit")
                    || argument.startsWith("-Xshare")) {
                return Plan.stay("the command line names its own archive");
            }
            if (argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp") || argument.startsWith("-Xdebug")) {
                return Plan.stay("a debugger is attached");
            }
        }
        if (s.stamp().isEmpty() || !s.archiveAndJarPresent()) {
            return Plan.stay(NO_ARCHIVE);
        }
        if (!s.guardedLikeTheJar()) {
            // Its jars run as the portal: whoever may change them must be no one who may not change the jar.
            return Plan.stay("the archive directory is owned by another user than the jar, or others may write to it");
        }
        Properties stamp = s.stamp().get();
        if (!String.valueOf(s.jarSize()).equals(stamp.getProperty("jar.size"))
                || !String.valueOf(s.jarModifiedSeconds()).equals(stamp.getProperty("jar.modified"))) {
            return Plan.stay("the archive was made for another build of the jar");
        }
        if (!s.javaHome().equals(stamp.getProperty("java.home")) || !s.vmVersion().equals(stamp.getProperty("java.vm.version"))) {
            return Plan.stay("the archive was made by another JVM");
        }
        Path jar = Path.of(s.classPath());
        Path directory = directoryFor(jar);
        if (!directory.toString().equals(stamp.getProperty("directory"))) {
            // Java 17 accepts an archive only with the very class path it was made with.
            return Plan.stay("the archive was made in " + stamp.getProperty("directory") + ", not here");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(s.javaHome(), "bin", "java").toString());
        command.addAll(s.jvmArguments());
        command.add("-XX:SharedArchiveFile=" + directory.resolve(ARCHIVE));
        command.add("-D" + FROM_PROPERTY + "=" + jar);
        if (shortLivedCommand) {
            // A command lives a few seconds of class loading: the optimising compiler (C2) only competes for
            // the second core (see cli/ShortLivedJit, which the command skips when started from here), and the
            // serial collector starts no collector threads. Each unless the operator chose their own.
            if (given.stream().noneMatch(a -> a.startsWith("-XX:TieredStopAtLevel"))) {
                command.add("-XX:TieredStopAtLevel=1");
            }
            if (given.stream().noneMatch(a -> a.matches("-XX:[+-]Use\\w*GC"))) {
                command.add("-XX:+UseSerialGC");
            }
        }
        command.add("-jar");
        command.add(directory.resolve(jar.getFileName()).toString());
        command.addAll(args);
        return new Plan(List.copyOf(command), "archive at " + directory.resolve(ARCHIVE));
    }

    /**
     * Becomes the JVM started from the archive when one fits, and never returns then; otherwise returns at
     * once and the start goes on here. Nothing may be read from standard input before this.
     */
    public static void relaunchIfPrepared(String[] args, boolean shortLivedCommand) {
        Plan plan;
        try {
            plan = plan(situation(), List.of(args), shortLivedCommand);
        } catch (RuntimeException | IOException e) {
            stayedBecause = "the archive's stamp could not be read (" + e + ")";
            return;
        }
        if (!plan.relaunch()) {
            stayedBecause = plan.reason();
            return;
        }
        try {
            // JNA runs `ldconfig -p` in a child process on first use to learn the library directories, unless
            // given them; this JVM only needs the C library, which dlopen finds by its versioned name alone.
            if (System.getProperty("jna.platform.library.path") == null) {
                System.setProperty("jna.platform.library.path", "/usr/lib:/lib");
            }
            Exec exec = Native.load("libc.so.6", Exec.class);
            closeOnExec(exec);
            System.out.flush();
            System.err.flush();
            String[] environment = System.getenv().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            exec.execve(plan.command().get(0), plan.command().toArray(String[]::new), environment);
            stayedBecause = "execve failed (errno " + Native.getLastError() + ")";
        } catch (RuntimeException | LinkageError e) {
            stayedBecause = "no C library through JNA (" + e + ")";
        }
    }

    private static Situation situation() throws IOException {
        String classPath = System.getProperty("java.class.path");
        Optional<Properties> stamp = Optional.empty();
        long size = -1;
        long modified = -1;
        boolean present = false;
        boolean guarded = false;
        if (classPath != null && classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            // The real path, as the build script records it: a jar reached through a link is the same jar.
            Path jar = Path.of(classPath).toRealPath();
            classPath = jar.toString();
            Path directory = directoryFor(jar);
            Path stampFile = directory.resolve(STAMP);
            if (Files.isRegularFile(stampFile)) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(stampFile)) {
                    properties.load(in);
                }
                stamp = Optional.of(properties);
                size = Files.size(jar);
                modified = Files.getLastModifiedTime(jar).to(TimeUnit.SECONDS);
                present = Files.isRegularFile(directory.resolve(ARCHIVE)) && Files.isRegularFile(directory.resolve(jar.getFileName()));
                guarded = present && guardedLike(jar, directory);
            }
        }
        String environmentOptions = System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "") + " " + System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "");
        return new Situation(classPath, launcherOptions(), environmentOptions, System.getProperty("java.home"),
                System.getProperty("java.vm.version"), System.getProperty("os.name", ""), System.getProperty(SWITCH_PROPERTY),
                System.getenv(SWITCH_ENV), stamp, size, modified, present, guarded);
    }

    /** Every file the new JVM would read from the directory has the jar's owner, and neither group nor others may write it. */
    static boolean guardedLike(Path jar, Path directory) throws IOException {
        UserPrincipal owner = Files.getOwner(jar);
        List<Path> files = new ArrayList<>(List.of(directory, directory.resolve("lib"), directory.resolve(ARCHIVE), directory.resolve(STAMP),
                directory.resolve(jar.getFileName())));
        try (Stream<Path> libraries = Files.list(directory.resolve("lib"))) {
            libraries.forEach(files::add);
        }
        for (Path file : files) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (!Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(owner)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The options the {@code java} command was given before {@code -jar}, as typed (an {@code @argfile} stays
     * one): read from {@code /proc/self/cmdline} rather than the management bean, which would load and start
     * JMX in a JVM that is about to be replaced, and which also lists what {@code JDK_JAVA_OPTIONS} and
     * {@code JAVA_TOOL_OPTIONS} added (the new JVM reads those from the unchanged environment again).
     */
    static List<String> launcherOptions(byte[] cmdline) {
        String[] words = new String(cmdline, StandardCharsets.UTF_8).split("\0");
        List<String> options = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals("-jar")) {
                return options;
            }
            options.add(words[i]);
        }
        // java -cp certportal.jar <main class>: not the contract's start, and its words cannot be told apart here.
        return null;
    }

    private static List<String> launcherOptions() throws IOException {
        return launcherOptions(Files.readAllBytes(Path.of("/proc/self/cmdline")));
    }

    /**
     * The JVM opened the jars and libraries it read without close-on-exec: the new image would inherit
     * them unused (the 60 MB jar among them). Descriptors it was given (0-2, or a supervisor's) stay open.
     */
    private static void closeOnExec(Exec exec) {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                int fd = Integer.parseInt(descriptor.getFileName().toString());
                if (fd <= 2) {
                    continue;
                }
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException gone) {
                    continue;
                }
                if (target.endsWith(".jar") || target.endsWith(".so") || target.contains(".so.") || target.endsWith(".jsa")
                        || target.equals("/dev/random") || target.equals("/dev/urandom")) {
                    exec.fcntl(fd, F_SETFD, FD_CLOEXEC);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A descriptor or two more in the new image; it starts all the same.
        }
    }

    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;

    /** The two C library calls, through JNA (already here for libargon2). */
    interface Exec extends Library {
        int execve(String path, String[] argv, String[] envp);

        int fcntl(int fd, int cmd, int arg);
    }

    /** The jar this JVM was started for, when it is the one started from the archive. */
    public static Optional<String> startedFrom() {
        return Optional.ofNullable(System.getProperty(FROM_PROPERTY));
    }

    /** Why this JVM is not the one started from an archive, when an archive was there to use; empty otherwise. */
    static Optional<String> unusedArchiveReason() {
        String reason = stayedBecause;
        if (reason == null || reason.equals(NO_ARCHIVE) || reason.equals(NOT_JAVA_JAR)) {
            return Optional.empty();
        }
        return Optional.of(reason);
    }
}
