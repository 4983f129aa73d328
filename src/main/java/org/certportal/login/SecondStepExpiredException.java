package org.certportal.login;

import java.io.Serial;
import org.springframework.security.core.AuthenticationException;

/** A passkey came as the second step more than {@link PortalAuthentication#SECOND_STEP_TIME} after the password. */
class SecondStepExpiredException extends AuthenticationException {

    @Serial
    private static final long serialVersionUID = 1L;

    SecondStepExpiredException() {
        super("the second step came too late");
    }
}
