package org.certportal.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.certportal.account.Role;
import org.junit.jupiter.api.Test;

class ConsoleRulesTest {

    @Test
    void supportActsOnlyOnUserAccounts() {
        assertThat(ConsoleRules.mayActOn(Role.SUPPORT, Role.USER)).isTrue();
        assertThat(ConsoleRules.mayActOn(Role.SUPPORT, Role.SUPPORT)).isFalse();
        assertThat(ConsoleRules.mayActOn(Role.SUPPORT, Role.ADMIN)).isFalse();
    }

    @Test
    void adminActsOnEveryAccount() {
        for (Role target : Role.values()) {
            assertThat(ConsoleRules.mayActOn(Role.ADMIN, target)).isTrue();
        }
    }
}
