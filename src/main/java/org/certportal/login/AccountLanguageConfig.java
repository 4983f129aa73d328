package org.certportal.login;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Runs {@link AccountLanguage} on every page, after ?lang= has chosen the page's language. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AccountLanguageConfig implements WebMvcConfigurer {

    private final AccountLanguage language;

    AccountLanguageConfig(AccountLanguage language) {
        this.language = language;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(language).order(Ordered.LOWEST_PRECEDENCE);
    }
}
