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
            return statMillis(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * CPU time in ms of the process's JIT compiler threads (HotSpot names them "C1 CompilerThre..." and
     * "C2 CompilerThre..."): a server still compiling its hot paths is not warmed up yet; -1 when unknown.
     */
    static long compilerMillis(long pid) {
        if (pid <= 0) {
            return -1;
        }
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        total += statMillis(stat);
                    }
                } catch (Exception gone) {
                    // a thread that ended between the listing and the read
                }
            }
            return total;
        } catch (Exception e) {
            return -1;
        }
    }

    /** utime + stime in ms from a /proc stat line (of a process or of one of its threads). */
    private static long statMillis(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": f[0] is state (field 3), so utime (field 14) is f[11], stime (field 15) f[12]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /**
     * The machine's CPU time in ticks from the first line of /proc/stat: {busy, idle, steal}, where
     * steal is the time the hypervisor ran something else while this VM had work to run. Null when unknown.
     */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[] {busy, idle, steal};
        } catch (Exception e) {
            return null;
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
