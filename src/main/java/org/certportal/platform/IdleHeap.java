package org.certportal.platform;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Lets an idle portal give back the heap its start used. G1 commits its initial heap (1/64 of the
 * machine's memory: 380 MiB on a 24 GiB host) and the start touches most of it with garbage, but it
 * only returns memory to the system after a collection, and an idle portal collects nothing: it sat at
 * 340-360 MB RSS for ever. {@code G1PeriodicGCInterval} (JEP 346) makes G1 run a concurrent cycle
 * when none ran for that long, and shrink the heap to what is live plus its free margin.
 *
 * <p>Both flags are "manageable": the portal sets them through the JDK's diagnostic MXBean at run
 * time, because a jar cannot carry JVM flags. A value the operator gave on the command line wins, and
 * a JVM without them (another collector, not HotSpot) keeps its own behaviour. Under load there is a
 * collection every few seconds anyway, so the periodic one never runs there.
 */
@Component
public class IdleHeap {

    private static final Logger log = LoggerFactory.getLogger(IdleHeap.class);

    static final String INTERVAL_MS = "30000";
    /**
     * G1 keeps up to 70% of the heap free after shrinking by default; 40 is the lowest it accepts with
     * its default MinHeapFreeRatio. Measured on the idle portal (54 MiB live): 221 MiB committed and
     * 339 MB RSS with 70, 110 MiB and 287 MB with 40. G1 resizes only after a concurrent cycle or a
     * full collection, never after the young collections that Argon2's garbage causes under load.
     */
    static final String MAX_FREE_PERCENT = "40";

    /**
     * When the flags are set, after the start's deferred work (the first signing key and the password
     * check's data, 5 s after ready). G1 looks every interval, counted from the setting, for an interval
     * without any collection: set at ready, the deferred work's collection at 6 s came just before its
     * first look at 30 s and put the give-back off to 60 s (bench/start-quick: 346 MB for the first
     * minute, 252 MB after). Set at 10 s, the first look that counts comes at 40 s.
     */
    static final Duration AFTER_READY = Duration.ofSeconds(10);

    private final TaskScheduler scheduler;

    IdleHeap(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        scheduler.schedule(IdleHeap::install, scheduler.getClock().instant().plus(AFTER_READY));
    }

    /** Returns whether the periodic collection is on (set here or by the operator). Once per JVM is enough; twice does no harm. */
    static boolean install() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !"true".equals(vm.getVMOption("UseG1GC").getValue())) {
                return false;
            }
            setUnlessGiven(vm, "MaxHeapFreeRatio", MAX_FREE_PERCENT);
            setUnlessGiven(vm, "G1PeriodicGCInterval", INTERVAL_MS);
            return !"0".equals(vm.getVMOption("G1PeriodicGCInterval").getValue());
        } catch (RuntimeException | LinkageError e) {
            log.debug("This JVM cannot give its idle heap back on its own ({})", e.toString());
            return false;
        }
    }

    private static void setUnlessGiven(HotSpotDiagnosticMXBean vm, String name, String value) {
        VMOption option = vm.getVMOption(name);
        if (option.getOrigin() != VMOption.Origin.DEFAULT || !option.isWriteable()) {
            return;
        }
        try {
            vm.setVMOption(name, value);
        } catch (IllegalArgumentException e) {
            // e.g. MaxHeapFreeRatio below a MinHeapFreeRatio the operator raised: theirs stands
            log.debug("{}={} not taken: {}", name, value, e.getMessage());
        }
    }
}
