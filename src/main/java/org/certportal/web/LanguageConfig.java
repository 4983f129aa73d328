package org.certportal.web;

import java.util.List;
import org.certportal.platform.PortalProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * How a page's language is chosen (see {@link LanguageResolver}): ?lang=xx on any page, which the
 * stock interceptor hands to the resolver, and the resolver keeps only supported languages. The
 * cookie is Secure exactly when the session cookie is: when the base URL is https.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class LanguageConfig implements WebMvcConfigurer {

    @Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver(PortalProperties portal) {
        return new LanguageResolver(portal.isHttps());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true); // "?lang=%%%" is ignored like "?lang=xx", never a 500
        registry.addInterceptor(change);
    }

    /** The language switcher's entries, for the layout of every page. */
    @ControllerAdvice
    static class LanguageAdvice {

        @ModelAttribute("languages")
        List<Languages.Language> languages() {
            return Languages.ALL;
        }
    }
}
