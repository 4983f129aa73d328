package org.certportal.oidc;

/** A client registration refused for bad input; the message is one line an operator can act on. */
public class ClientException extends RuntimeException {

    public ClientException(String message) {
        super(message);
    }
}
