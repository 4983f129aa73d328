package org.certportal.login;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.registration.WebAuthnRegistrationFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Spring Security's {@code POST /webauthn/register}, with what the portal does after it: the
 * passkeys the registration added (those of the person's user entity that were not there before)
 * go to {@link PasskeyRegistrations}. The answer is buffered until then, because that step changes
 * the session. A refused registration is a 400 with {@code {"success":false}}, not an error page.
 * {@code DELETE /webauthn/register/{id}} keeps Spring's default, refused: removing a passkey asks
 * for a fresh second factor on /account/security.
 */
class PasskeyRegistrationFilter extends WebAuthnRegistrationFilter {

    private static final RequestMatcher REGISTER = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/webauthn/register");

    private final UserCredentialRepository credentials;
    private final PublicKeyCredentialUserEntityRepository users;
    private final PasskeyRegistrations registrations;

    PasskeyRegistrationFilter(UserCredentialRepository credentials, PublicKeyCredentialUserEntityRepository users, WebAuthnRelyingPartyOperations relyingParty,
            PasskeyRegistrations registrations) {
        super(credentials, relyingParty);
        this.credentials = credentials;
        this.users = users;
        this.registrations = registrations;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!REGISTER.matches(request) || auth == null || !(auth.getPrincipal() instanceof PortalUser user)) {
            super.doFilterInternal(request, response, chain);
            return;
        }
        Set<String> before = credentialIds(user.username());
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            super.doFilterInternal(request, buffered, chain);
        } catch (RuntimeException refused) {
            // webauthn4j's verdict (bad attestation, origin, challenge, no user verification...): not a server error
            buffered.resetBuffer();
            refuse(buffered);
        }
        if (buffered.getStatus() == HttpServletResponse.SC_OK) {
            for (CredentialRecord added : newCredentials(user.username(), before)) {
                if (!PasskeyRegistrations.acceptableLabel(added.getLabel())) {
                    credentials.delete(added.getCredentialId());
                    buffered.resetBuffer();
                    refuse(buffered);
                    continue;
                }
                registrations.added(user, added.getLabel().strip(), request, buffered);
            }
        }
        buffered.copyBodyToResponse();
    }

    private static void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("application/json");
        response.getWriter().write("{\"success\":false}");
    }

    private Set<String> credentialIds(String username) {
        Set<String> ids = new HashSet<>();
        for (CredentialRecord r : of(username)) {
            ids.add(r.getCredentialId().toBase64UrlString());
        }
        return ids;
    }

    private List<CredentialRecord> newCredentials(String username, Set<String> before) {
        return of(username).stream().filter(r -> !before.contains(r.getCredentialId().toBase64UrlString())).toList();
    }

    private List<CredentialRecord> of(String username) {
        PublicKeyCredentialUserEntity entity = users.findByUsername(username);
        return entity == null ? List.of() : credentials.findByUserId(entity.getId());
    }
}
