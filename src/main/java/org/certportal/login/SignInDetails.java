package org.certportal.login;

import java.io.Serial;
import java.io.Serializable;

/** What a sign-in knows of its request: the client address (after trusted proxies) and the device cookie, if any. */
public record SignInDetails(String clientAddress, String deviceCookie) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return "SignInDetails[clientAddress=" + clientAddress + "]";
    }
}
