package org.certportal.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableAuthenticationExtensionsClientInput;
import org.springframework.security.web.webauthn.api.ImmutableAuthenticationExtensionsClientInputs;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsRepository;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Where a WebAuthn ceremony's options wait between the options request and the answer: in the
 * session, like Spring Security's HttpSession repositories, but as small serializable records,
 * because sessions are database rows (Spring Session JDBC serializes their attributes) and Spring's
 * option classes are not serializable. The records keep what the verification reads (challenge, rpId,
 * user verification, algorithms, user handle, allowed credentials) and expire with the options'
 * timeout. Taking them is also their removal (Spring's filters save null after loading).
 */
final class PasskeyCeremonies {

    static final String CREATION = "certportal.passkey.creationOptions";
    static final String REQUEST = "certportal.passkey.requestOptions";

    private PasskeyCeremonies() {
    }

    record Creation(String rpId, String rpName, byte[] userId, String userName, String userDisplayName, byte[] challenge, String userVerification,
            String residentKey, List<Long> algorithms, List<byte[]> excluded, long timeoutMillis, Instant expires) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    record Request(byte[] challenge, String rpId, String userVerification, List<byte[]> allowed, long timeoutMillis, Instant expires) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    static final class CreationOptions implements PublicKeyCredentialCreationOptionsRepository {

        private final Clock clock;

        CreationOptions(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialCreationOptions options) {
            if (options == null) {
                remove(request, CREATION);
                return;
            }
            PublicKeyCredentialUserEntity user = options.getUser();
            AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
            Duration timeout = options.getTimeout() == null ? Duration.ofMinutes(5) : options.getTimeout();
            request.getSession().setAttribute(CREATION, new Creation(options.getRp().getId(), options.getRp().getName(), user.getId().getBytes(),
                    user.getName(), user.getDisplayName(), options.getChallenge().getBytes(),
                    selection.getUserVerification() == null ? null : selection.getUserVerification().getValue(),
                    selection.getResidentKey() == null ? null : selection.getResidentKey().getValue(),
                    options.getPubKeyCredParams().stream().map(p -> p.getAlg().getValue()).toList(), ids(options.getExcludeCredentials()),
                    timeout.toMillis(), clock.instant().plus(timeout)));
        }

        @Override
        public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
            HttpSession session = request.getSession(false);
            if (session == null || !(session.getAttribute(CREATION) instanceof Creation c) || clock.instant().isAfter(c.expires())) {
                return null;
            }
            List<PublicKeyCredentialParameters> parameters = new ArrayList<>();
            for (long alg : c.algorithms()) {
                for (PublicKeyCredentialParameters known : KNOWN) {
                    if (known.getAlg().getValue() == alg) {
                        parameters.add(known);
                    }
                }
            }
            return PublicKeyCredentialCreationOptions.builder()
                    .rp(PublicKeyCredentialRpEntity.builder().id(c.rpId()).name(c.rpName()).build())
                    .user(ImmutablePublicKeyCredentialUserEntity.builder().id(new Bytes(c.userId())).name(c.userName()).displayName(c.userDisplayName()).build())
                    .challenge(new Bytes(c.challenge()))
                    .pubKeyCredParams(parameters)
                    .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                            .userVerification(userVerification(c.userVerification()))
                            .residentKey(c.residentKey() == null ? null : ResidentKeyRequirement.valueOf(c.residentKey()))
                            .build())
                    .attestation(AttestationConveyancePreference.NONE)
                    .extensions(new ImmutableAuthenticationExtensionsClientInputs(ImmutableAuthenticationExtensionsClientInput.credProps))
                    .timeout(Duration.ofMillis(c.timeoutMillis()))
                    .excludeCredentials(descriptors(c.excluded()))
                    .build();
        }
    }

    static final class RequestOptions implements PublicKeyCredentialRequestOptionsRepository {

        private final Clock clock;

        RequestOptions(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialRequestOptions options) {
            if (options == null) {
                remove(request, REQUEST);
                return;
            }
            Duration timeout = options.getTimeout() == null ? Duration.ofMinutes(5) : options.getTimeout();
            request.getSession().setAttribute(REQUEST, new Request(options.getChallenge().getBytes(), options.getRpId(),
                    options.getUserVerification() == null ? null : options.getUserVerification().getValue(), ids(options.getAllowCredentials()),
                    timeout.toMillis(), clock.instant().plus(timeout)));
        }

        @Override
        public PublicKeyCredentialRequestOptions load(HttpServletRequest request) {
            HttpSession session = request.getSession(false);
            if (session == null || !(session.getAttribute(REQUEST) instanceof Request r) || clock.instant().isAfter(r.expires())) {
                return null;
            }
            return PublicKeyCredentialRequestOptions.builder()
                    .challenge(new Bytes(r.challenge()))
                    .rpId(r.rpId())
                    .userVerification(userVerification(r.userVerification()))
                    .allowCredentials(descriptors(r.allowed()))
                    .timeout(Duration.ofMillis(r.timeoutMillis()))
                    .build();
        }
    }

    private static final List<PublicKeyCredentialParameters> KNOWN = List.of(PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
            PublicKeyCredentialParameters.ES384, PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256, PublicKeyCredentialParameters.RS384,
            PublicKeyCredentialParameters.RS512, PublicKeyCredentialParameters.RS1);

    private static UserVerificationRequirement userVerification(String value) {
        if (value == null) {
            return null;
        }
        for (UserVerificationRequirement u : List.of(UserVerificationRequirement.REQUIRED, UserVerificationRequirement.PREFERRED,
                UserVerificationRequirement.DISCOURAGED)) {
            if (u.getValue().equals(value)) {
                return u;
            }
        }
        return UserVerificationRequirement.REQUIRED;
    }

    private static List<byte[]> ids(List<PublicKeyCredentialDescriptor> descriptors) {
        List<byte[]> ids = new ArrayList<>();
        if (descriptors != null) {
            for (PublicKeyCredentialDescriptor d : descriptors) {
                if (d.getId() != null) {
                    ids.add(d.getId().getBytes());
                }
            }
        }
        return ids;
    }

    private static List<PublicKeyCredentialDescriptor> descriptors(List<byte[]> ids) {
        return ids.stream().map(id -> PublicKeyCredentialDescriptor.builder().id(new Bytes(id)).build()).toList();
    }

    private static void remove(HttpServletRequest request, String attribute) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(attribute);
        }
    }
}
