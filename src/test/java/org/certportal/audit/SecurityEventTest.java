package org.certportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/** How a security event is built: each part named and typed, nothing positional to swap. */
class SecurityEventTest {

    @Test
    void theSubjectAndTheActorAreDifferentTypesSoOneCannotStandForTheOther() {
        // who did it is only ever an AuditActor: no by(String) that a username could slip into
        assertThat(SecurityEvent.class.getMethods()).filteredOn(m -> m.getName().equals("by"))
                .singleElement().satisfies(m -> assertThat(m.getParameterTypes()).containsExactly(AuditActor.class));
        assertThat(AuditActor.class.isAssignableFrom(AuditSubject.class) || AuditSubject.class.isAssignableFrom(AuditActor.class)).isFalse();

        SecurityEvent event = SecurityEvent.of(AuditType.ACCOUNT_DISABLED, AuditOutcome.SUCCESS)
                .about(42, "alice").by(AuditActor.of("agent-bob")).from("192.0.2.1").detail("disabled by support");

        assertThat(event.subject()).isEqualTo(AuditSubject.of(42, "alice"));
        assertThat(event.actor().name()).isEqualTo("agent-bob");
        assertThat(event.clientAddress()).isEqualTo("192.0.2.1");
        assertThat(event.detail()).isEqualTo("disabled by support");
    }

    @Test
    void anEventWithoutASubjectOrAnActorIsAboutNoOneAndByNoOne() {
        SecurityEvent event = SecurityEvent.of(AuditType.RESET_LINK_INVALID, AuditOutcome.REFUSED);

        assertThat(event.subject()).isEqualTo(AuditSubject.none());
        assertThat(event.subject().accountId()).isNull();
        assertThat(event.actor()).isEqualTo(AuditActor.none());
        assertThat(event.actor().name()).isNull();
        assertThat(new SecurityEvent(AuditType.SIGN_IN, AuditOutcome.FAILURE, null, null, null, null).actor()).isEqualTo(AuditActor.none());
    }

    @Test
    void eachStepReturnsANewEventAndLeavesTheFirstAsItWas() {
        SecurityEvent base = SecurityEvent.of(AuditType.SIGN_IN, AuditOutcome.FAILURE);
        SecurityEvent claimed = base.about(AuditSubject.claimed("typed-name"));

        assertThat(base.subject()).isEqualTo(AuditSubject.none());
        assertThat(claimed.subject().username()).isEqualTo("typed-name");
        assertThat(claimed.subject().accountId()).isNull();
    }

    @Test
    void theWellKnownActorsKeepTheNamesTheLogHasAlwaysStored() {
        assertThat(AuditActor.system().name()).isEqualTo("system");
        assertThat(AuditActor.cli().name()).isEqualTo("cli");
        assertThat(AuditActor.selfService().name()).isEqualTo("self-service");
        assertThat(AuditActor.anonymous().name()).isEqualTo("anonymous");
    }

    @Test
    void anEventWithoutATypeOrAnOutcomeIsRefusedWithAClearMessage() {
        assertThatNullPointerException().isThrownBy(() -> SecurityEvent.of(null, AuditOutcome.SUCCESS))
                .withMessage("a security event needs a type");
        assertThatNullPointerException().isThrownBy(() -> SecurityEvent.of(AuditType.SIGN_IN, null))
                .withMessage("a security event needs an outcome");
    }

    @Test
    void aPersonAsActorNeedsAName() {
        assertThatNullPointerException().isThrownBy(() -> AuditActor.of(null)).withMessageContaining("needs a username");
    }
}
