package org.certportal.account;

public enum Role {
    USER, SUPPORT, ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
