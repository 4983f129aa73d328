package org.certportal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The idle portal gives its start's heap back: the two G1 flags are set at run time, and an operator's own values stand. */
class IdleHeapTest {

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    /** One test: a flag's origin cannot be reset, so the second half must run after the first. */
    @Test
    void onG1ThePeriodicCollectionAndTheSmallerFreeMarginAreSetWithoutAnyJvmFlag_andAnOperatorsValueStands() {
        assumeTrue("true".equals(vm.getVMOption("UseG1GC").getValue()), "G1 is the default collector of the JVMs the portal runs on");
        VMOption interval = vm.getVMOption("G1PeriodicGCInterval");
        assumeTrue(interval.getOrigin() == VMOption.Origin.DEFAULT, "this test JVM was started with its own G1PeriodicGCInterval");

        assertThat(IdleHeap.install()).isTrue();

        assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(IdleHeap.INTERVAL_MS);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(IdleHeap.MAX_FREE_PERCENT);

        vm.setVMOption("G1PeriodicGCInterval", "12345"); // origin MANAGEMENT, as an operator's jcmd would leave it
        assertThat(IdleHeap.install()).isTrue();
        assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo("12345");
    }

    @Test
    void theFlagsAreSetTenSecondsAfterReadyAfterTheStartsDeferredWorkNotAtReady() {
        java.time.Instant ready = java.time.Instant.parse("2026-12-02T14:20:00Z");
        org.springframework.scheduling.TaskScheduler scheduler = org.mockito.Mockito.mock(org.springframework.scheduling.TaskScheduler.class);
        org.mockito.Mockito.when(scheduler.getClock()).thenReturn(java.time.Clock.fixed(ready, java.time.ZoneOffset.UTC));

        new IdleHeap(scheduler).afterStart();

        var when = org.mockito.ArgumentCaptor.forClass(java.time.Instant.class);
        org.mockito.Mockito.verify(scheduler).schedule(org.mockito.ArgumentMatchers.any(Runnable.class), when.capture());
        // after the first signing key and the password check's data (5 s), whose collection would put the first give-back off
        assertThat(when.getValue()).isEqualTo(ready.plusSeconds(10));
    }
}
