package org.certportal.web;

import jakarta.servlet.http.HttpServletRequest;
import org.certportal.audit.AuditLog;
import org.certportal.audit.AuditActor;
import org.certportal.audit.AuditOutcome;
import org.certportal.audit.AuditSubject;
import org.certportal.audit.AuditType;
import org.certportal.audit.SecurityEvent;
import org.certportal.login.PortalUser;
import org.certportal.platform.ClientAddressResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Writes a refused request to the audit log: a 403 (role or CSRF) or input refused as malformed.
 * Someone probing the console or replaying forms shows up there. Only the method, the path (with
 * the token of an emailed link masked) and a code are kept: never a submitted value, which may be
 * a password typed into the wrong field.
 */
@Component
class RefusalAudit {

    private static final int PATH_MAX = 200;

    private final AuditLog audit;
    private final ClientAddressResolver addresses;

    RefusalAudit(AuditLog audit, ClientAddressResolver addresses) {
        this.audit = audit;
        this.addresses = addresses;
    }

    void record(HttpServletRequest request, AuditType type, String code) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        AuditSubject subject = AuditSubject.none();
        AuditActor actor = AuditActor.anonymous();
        if (auth != null && auth.getPrincipal() instanceof PortalUser user) {
            subject = AuditSubject.of(user.accountId(), user.username());
            actor = AuditActor.of(user.username());
        }
        audit.record(SecurityEvent.of(type, AuditOutcome.REFUSED).about(subject).by(actor).from(addresses.resolve(request))
                .detail(request.getMethod() + " " + path(request) + (code == null ? "" : " (" + code + ")")));
    }

    /** The request's path without its query, with the token of a reset or setup link masked. */
    static String path(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path == null) {
            return "";
        }
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && path.startsWith(context)) {
            path = path.substring(context.length());
        }
        for (String tokenPath : new String[] {"/reset/", "/setup/"}) {
            if (path.startsWith(tokenPath) && path.length() > tokenPath.length()) {
                path = tokenPath + "{token}";
            }
        }
        StringBuilder clean = new StringBuilder();
        path.codePoints().limit(PATH_MAX).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return clean.toString();
    }

    static AuditType typeOf(org.springframework.security.access.AccessDeniedException e) {
        return e instanceof org.springframework.security.web.csrf.CsrfException ? AuditType.CSRF_REFUSED : AuditType.ACCESS_DENIED;
    }
}
