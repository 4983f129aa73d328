package org.certportal.recovery;

import org.certportal.platform.WakeSignal;
import org.springframework.stereotype.Component;

/** Wakes the recovery worker when a request arrives, instead of waiting for the next poll. */
@Component
class RecoverySignal extends WakeSignal {
}
