package org.certportal.cli;

import org.certportal.account.AccountService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** There is no default account and no default password: an empty portal says how to create the first administrator. */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class FirstAdminHint {

    private static final Logger log = LoggerFactory.getLogger("certportal");

    private final AccountService accounts;

    FirstAdminHint(AccountService accounts) {
        this.accounts = accounts;
    }

    @EventListener(ApplicationReadyEvent.class)
    void hint() {
        if (accounts.isEmpty()) {
            log.warn("""

                    No accounts yet. Create the first administrator (from the same directory, while the portal runs):
                        printf '%s\\n' 'a long passphrase of your own' | java -jar target/certportal.jar user add --username=admin --email=you@example.com --role=ADMIN --password-stdin
                    or, to set the password from an emailed link (read it at /dev/mail on the embedded defaults):
                        java -jar target/certportal.jar user add --username=admin --email=you@example.com --role=ADMIN
                    """);
        }
    }
}
