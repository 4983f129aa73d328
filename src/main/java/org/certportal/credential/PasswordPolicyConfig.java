package org.certportal.credential;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The policy's two data sources. The blocklist takes a few hundred milliseconds to read, so it is
 * read on a background thread that starts a few seconds after the portal serves requests ({@link PasswordCheckPreload})
 * or at the first check, whichever comes first; a check that comes earlier waits for it.
 */
@Configuration(proxyBeanMethods = false)
public class PasswordPolicyConfig {

    @Bean
    PasswordBlocklist passwordBlocklist() {
        return PasswordBlocklist.standard();
    }

    @Bean
    PwnedPasswords pwnedPasswords(PasswordProperties properties) {
        return new PwnedPasswords(properties.pwned());
    }
}
