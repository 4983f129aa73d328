package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.certportal.platform.ArchivedStart.Plan;
import org.certportal.platform.ArchivedStart.Situation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivedStartTest {

    private static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
    private static final String VM = "17.0.15+6-Debian-1deb12u1";

    private static Properties stamp() {
        Properties p = new Properties();
        p.setProperty("jar.size", "64058863");
        p.setProperty("jar.modified", "1796197742");
        p.setProperty("java.home", JAVA_HOME);
        p.setProperty("java.vm.version", VM);
        p.setProperty("directory", "/opt/portal/certportal-cds");
        return p;
    }

    private static Situation situation(List<String> options, String environmentOptions, String property, String env, Optional<Properties> stamp,
            long size, long modified) {
        return new Situation("/opt/portal/certportal.jar", options, environmentOptions, JAVA_HOME, VM, "Linux", property, env, stamp, size, modified, true, true);
    }

    private static Situation fitting(List<String> options) {
        return situation(options, " ", null, null, Optional.of(stamp()), 64058863, 1796197742);
    }

    @Test
    void aFittingArchiveReplacesTheJvmWithOneThatKeepsTheOptionsAndArguments() {
        Plan plan = ArchivedStart.plan(fitting(List.of("-Xmx512m", "@/etc/portal.args")), List.of("--server.port=8443"), false);

        assertThat(plan.relaunch()).isTrue();
        assertThat(plan.command()).containsExactly(
                JAVA_HOME + "/bin/java",
                "-Xmx512m", "@/etc/portal.args",
                "-XX:SharedArchiveFile=/opt/portal/certportal-cds/certportal.jsa",
                "-Dcertportal.archived-start.from=/opt/portal/certportal.jar",
                "-jar", "/opt/portal/certportal-cds/certportal.jar",
                "--server.port=8443");
    }

    @Test
    void aShortLivedCommandGetsTheQuickCompilerAndCollectorUnlessTheOperatorChoseOwn() {
        List<String> command = ArchivedStart.plan(fitting(List.of()), List.of("user", "unlock", "--username=ada"), true).command();
        assertThat(command).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(command.subList(command.size() - 3, command.size())).containsExactly("user", "unlock", "--username=ada");

        // The operator's collector stays, and the command still gets C1 alone: started from the archive it
        // skips ShortLivedJit's directive, so leaving both out would give it C2 (it did before this test).
        assertThat(ArchivedStart.plan(fitting(List.of("-XX:+UseParallelGC")), List.of("user", "unlock"), true).command())
                .contains("-XX:TieredStopAtLevel=1").doesNotContain("-XX:+UseSerialGC");
        Situation envGc = situation(List.of(), "-XX:+UseZGC", null, null, Optional.of(stamp()), 64058863, 1796197742);
        assertThat(ArchivedStart.plan(envGc, List.of("user", "unlock"), true).command())
                .contains("-XX:TieredStopAtLevel=1").doesNotContain("-XX:+UseSerialGC");
        assertThat(ArchivedStart.plan(fitting(List.of("-XX:TieredStopAtLevel=4")), List.of("user", "unlock"), true).command())
                .doesNotContain("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC");
        assertThat(ArchivedStart.plan(fitting(List.of()), List.of(), false).command()).doesNotContain("-XX:TieredStopAtLevel=1");
    }

    @Test
    void theOperatorSwitchesItOffByPropertyOrEnvironment() {
        assertThat(ArchivedStart.plan(situation(List.of(), " ", "false", null, Optional.of(stamp()), 64058863, 1796197742), List.of(), false))
                .isEqualTo(Plan.stay("switched off"));
        assertThat(ArchivedStart.plan(situation(List.of(), " ", null, "FALSE", Optional.of(stamp()), 64058863, 1796197742), List.of(), false))
                .isEqualTo(Plan.stay("switched off"));
    }

    @Test
    void anArchiveForAnotherBuildOfTheJarOrAnotherJvmIsNotUsed() {
        assertThat(ArchivedStart.plan(situation(List.of(), " ", null, null, Optional.of(stamp()), 64058864, 1796197742), List.of(), false).reason())
                .isEqualTo("the archive was made for another build of the jar");
        assertThat(ArchivedStart.plan(situation(List.of(), " ", null, null, Optional.of(stamp()), 64058863, 1796197743), List.of(), false).reason())
                .isEqualTo("the archive was made for another build of the jar");
        Properties otherVm = stamp();
        otherVm.setProperty("java.vm.version", "17.0.16+8");
        assertThat(ArchivedStart.plan(situation(List.of(), " ", null, null, Optional.of(otherVm), 64058863, 1796197742), List.of(), false).reason())
                .isEqualTo("the archive was made by another JVM");
        assertThat(ArchivedStart.plan(situation(List.of(), " ", null, null, Optional.empty(), -1, -1), List.of(), false).reason())
                .isEqualTo("no archive beside the jar");
        Properties elsewhere = stamp();
        elsewhere.setProperty("directory", "/home/builder/certportal/target/certportal-cds");
        assertThat(ArchivedStart.plan(situation(List.of(), " ", null, null, Optional.of(elsewhere), 64058863, 1796197742), List.of(), false).reason())
                .isEqualTo("the archive was made in /home/builder/certportal/target/certportal-cds, not here");
    }

    @Test
    void aJvmWithItsOwnArchiveADebuggerOrAlreadyReplacedStays() {
        assertThat(ArchivedStart.plan(fitting(List.of("-XX:SharedArchiveFile=/srv/app.jsa")), List.of(), false).reason())
                .isEqualTo("the command line names its own archive");
        assertThat(ArchivedStart.plan(situation(List.of(), "-XX:SharedArchiveFile=/srv/app.jsa", null, null, Optional.of(stamp()), 64058863, 1796197742),
                List.of(), false).reason()).isEqualTo("the command line names its own archive");
        assertThat(ArchivedStart.plan(fitting(List.of("-Xshare:off")), List.of(), false).reason()).isEqualTo("the command line names its own archive");
        assertThat(ArchivedStart.plan(fitting(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")), List.of(), false).reason())
                .isEqualTo("a debugger is attached");
        assertThat(ArchivedStart.plan(fitting(List.of("-Dcertportal.archived-start.from=/opt/portal/certportal.jar")), List.of(), false).reason())
                .isEqualTo("already started from the archive");
    }

    @Test
    void anArchiveDirectoryOthersMayChangeIsNotUsed(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("certportal.jar"));
        Path archive = Files.createDirectories(dir.resolve("certportal-cds/lib"));
        for (String name : List.of("certportal-cds/certportal.jsa", "certportal-cds/cds.properties", "certportal-cds/certportal.jar", "certportal-cds/lib/a.jar")) {
            Files.createFile(dir.resolve(name));
        }
        for (Path p : List.of(dir.resolve("certportal-cds"), archive)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(dir.resolve("certportal-cds/lib/a.jar"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ArchivedStart.guardedLike(jar, dir.resolve("certportal-cds"))).isTrue();

        Files.setPosixFilePermissions(dir.resolve("certportal-cds/lib/a.jar"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(ArchivedStart.guardedLike(jar, dir.resolve("certportal-cds"))).as("a library the group may change").isFalse();
        Files.setPosixFilePermissions(dir.resolve("certportal-cds/lib/a.jar"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ArchivedStart.guardedLike(jar, dir.resolve("certportal-cds"))).as("a lib directory anyone may add to").isFalse();

        Situation unguarded = new Situation("/opt/portal/certportal.jar", List.of(), " ", JAVA_HOME, VM, "Linux", null, null, Optional.of(stamp()),
                64058863, 1796197742, true, false);
        assertThat(ArchivedStart.plan(unguarded, List.of(), false).reason())
                .isEqualTo("the archive directory is owned by another user than the jar, or others may write to it");
    }

    @Test
    void onlyAJvmStartedWithJavaJarOnLinuxIsReplaced() {
        Situation classes = new Situation("target/classes:target/test-classes", List.of(), " ", JAVA_HOME, VM, "Linux", null, null, Optional.of(stamp()),
                64058863, 1796197742, true, true);
        assertThat(ArchivedStart.plan(classes, List.of(), false).reason()).isEqualTo("not started with java -jar");
        Situation windows = new Situation("C:\\portal\\certportal.jar", List.of(), " ", JAVA_HOME, VM, "Windows Server 2022", null, null,
                Optional.of(stamp()), 64058863, 1796197742, true, true);
        assertThat(ArchivedStart.plan(windows, List.of(), false).reason()).isEqualTo("not Linux");
    }

    @Test
    void theLauncherOptionsAreTheWordsBeforeJar() {
        byte[] cmdline = "java\0-Xmx1g\0@opts\0-Dname=two words\0-jar\0target/certportal.jar\0user\0add\0-Xmx2g\0".getBytes(StandardCharsets.UTF_8);
        assertThat(ArchivedStart.launcherOptions(cmdline)).containsExactly("-Xmx1g", "@opts", "-Dname=two words");

        byte[] classPathStart = "java\0-cp\0target/certportal.jar\0org.springframework.boot.loader.launch.JarLauncher\0user\0".getBytes(StandardCharsets.UTF_8);
        assertThat(ArchivedStart.launcherOptions(classPathStart)).isNull();
        Situation started = new Situation("/opt/portal/certportal.jar", null, " ", JAVA_HOME, VM, "Linux", null, null, Optional.of(stamp()),
                64058863, 1796197742, true, true);
        assertThat(ArchivedStart.plan(started, List.of("user"), true).reason()).isEqualTo("not started with java -jar");
    }
}
