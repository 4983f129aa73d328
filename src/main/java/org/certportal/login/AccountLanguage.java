package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.certportal.account.AccountService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language an account chose last: the language of the pages a signed-in person is served,
 * stored in {@code account.locale} so that the emails nobody's page decides (an agent's reset, a
 * lockout notice) speak it. It is written at sign-in success and whenever a signed-in page is
 * served in another language (a {@code ?lang=} choice): the session remembers the language last
 * stored, so a page in the same language costs nothing, and the first page of a session costs one
 * conditional UPDATE that changes the row only when the language differs.
 */
@Component
public class AccountLanguage implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AccountLanguage.class);

    /** The session attribute holding the language last stored for the signed-in account. */
    static final String STORED = "certportal.account.language";

    private final AccountService accounts;
    private final ObjectProvider<LocaleResolver> resolver;

    AccountLanguage(AccountService accounts, ObjectProvider<LocaleResolver> resolver) {
        this.accounts = accounts;
        this.resolver = resolver;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof PortalUser user) {
            remember(request, user);
        }
        return true;
    }

    /** Stores the language of this request's page as the account's, if it is not the one stored already. */
    void remember(HttpServletRequest request, PortalUser user) {
        LocaleResolver locales = resolver.getIfAvailable();
        HttpSession session = request.getSession(false);
        if (locales == null || session == null) {
            return;
        }
        try {
            Locale locale = locales.resolveLocale(request);
            String language = locale.toLanguageTag();
            if (language.isEmpty() || "und".equals(language) || language.equals(session.getAttribute(STORED))) {
                return;
            }
            accounts.rememberLanguage(user.accountId(), language);
            session.setAttribute(STORED, language);
        } catch (RuntimeException e) {
            // The page matters more than the preference: it is stored on a later page.
            log.warn("Could not store the language of account {}: {}", user.accountId(), e.toString());
        }
    }
}
