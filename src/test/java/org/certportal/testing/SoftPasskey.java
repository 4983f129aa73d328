package org.certportal.testing;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A passkey in software, for integration tests that drive Spring Security's WebAuthn endpoints over
 * HTTP without a browser: an ES256 key, "none" attestation, user presence and user verification set
 * (or not, to test that the portal requires it). The browser tests use Chromium's virtual
 * authenticator instead.
 */
public final class SoftPasskey {

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private final String origin;
    private final String rpId;
    private byte[] userHandle;
    private int signCount;
    private boolean userVerified = true;

    public SoftPasskey(String origin) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
        this.origin = origin;
        this.rpId = URI.create(origin).getHost();
    }

    public SoftPasskey withoutUserVerification() {
        this.userVerified = false;
        return this;
    }

    public String credentialId() {
        return b64(credentialId);
    }

    /** The body of POST /webauthn/register for the options of POST /webauthn/register/options. */
    public String registration(String optionsJson, String label) {
        userHandle = Base64.getUrlDecoder().decode(field(optionsJson, "\"user\"\\s*:\\s*\\{[^}]*?\"id\"\\s*:\\s*\"([^\"]+)\""));
        byte[] clientData = clientData("webauthn.create", field(optionsJson, "\"challenge\"\\s*:\\s*\"([^\"]+)\""));
        EC2COSEKey key = EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256);
        AuthenticatorData<RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)),
                (byte) (flags() | AuthenticatorData.BIT_AT), signCount, new AttestedCredentialData(AAGUID.ZERO, credentialId, key));
        byte[] attestation = new AttestationObjectConverter(new ObjectConverter()).convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        return "{\"publicKey\":{\"credential\":{\"id\":\"" + b64(credentialId) + "\",\"rawId\":\"" + b64(credentialId) + "\",\"response\":{"
                + "\"attestationObject\":\"" + b64(attestation) + "\",\"clientDataJSON\":\"" + b64(clientData) + "\",\"transports\":[\"internal\"]},"
                + "\"type\":\"public-key\",\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"},\"label\":\"" + label + "\"}}";
    }

    /** The body of POST /login/webauthn for the options of POST /webauthn/authenticate/options. */
    public String assertion(String optionsJson) {
        byte[] clientData = clientData("webauthn.get", field(optionsJson, "\"challenge\"\\s*:\\s*\"([^\"]+)\""));
        signCount++;
        byte[] authData = ByteBuffer.allocate(37).put(sha256(rpId.getBytes(StandardCharsets.UTF_8))).put(flags()).putInt(signCount).array();
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authData);
            signer.update(sha256(clientData));
            signature = signer.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "{\"id\":\"" + b64(credentialId) + "\",\"rawId\":\"" + b64(credentialId) + "\",\"response\":{"
                + "\"authenticatorData\":\"" + b64(authData) + "\",\"clientDataJSON\":\"" + b64(clientData) + "\",\"signature\":\"" + b64(signature) + "\","
                + "\"userHandle\":\"" + b64(userHandle) + "\"},\"credType\":\"public-key\",\"clientExtensionResults\":{},\"authenticatorAttachment\":\"platform\"}";
    }

    private byte flags() {
        return (byte) (AuthenticatorData.BIT_UP | (userVerified ? AuthenticatorData.BIT_UV : 0));
    }

    private byte[] clientData(String type, String challenge) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String json, String regex) {
        Matcher m = Pattern.compile(regex).matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("not in the options: " + regex + " in " + json);
        }
        return m.group(1);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
