package org.certportal.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) of the server process, from /proc/PID/stat, and of this JVM. */
final class Cpu {

    private Cpu() {
    }

    /** utime + stime of a process in ms; -1 when unknown. Clock ticks are 100 per second on Linux x86-64. */
    static long processMillis(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] is state (field 3), so utime (field 14) is f[11], stime (field 15) f[12]
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    static long selfMillis() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }
}
