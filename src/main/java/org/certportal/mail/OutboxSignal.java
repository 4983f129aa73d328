package org.certportal.mail;

import org.certportal.platform.WakeSignal;
import org.springframework.stereotype.Component;

/** Wakes the dispatcher as soon as a message commits, instead of waiting for the next poll. */
@Component
class OutboxSignal extends WakeSignal {
}
