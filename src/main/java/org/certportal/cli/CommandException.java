package org.certportal.cli;

/** Bad input on the command line: exit code 2 with the message as the one-line reason. */
class CommandException extends RuntimeException {

    CommandException(String message) {
        super(message);
    }
}
