package org.certportal.support;

import org.certportal.account.Account;
import org.certportal.account.Role;

/**
 * Whom a console agent may act on. Support agents help account holders: an action on a staff
 * account (disable, reset, require a change) would let one agent take another's or an
 * administrator's account out of service, so only ADMIN acts on SUPPORT and ADMIN accounts.
 */
final class ConsoleRules {

    private ConsoleRules() {
    }

    static boolean mayActOn(Role agent, Role target) {
        return agent == Role.ADMIN || target == Role.USER;
    }

    static boolean mayActOn(Role agent, Account target) {
        return mayActOn(agent, target.role());
    }
}
