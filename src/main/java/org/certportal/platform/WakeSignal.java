package org.certportal.platform;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Lets a background worker sleep between polls and wake at once when work arrives. */
public class WakeSignal {

    private final Semaphore permits = new Semaphore(0);

    public void wake() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    public void await(long millis) throws InterruptedException {
        if (permits.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }
}
