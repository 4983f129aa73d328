package org.certportal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.certportal.login.SignInHandlers;
import org.certportal.platform.PortalProperties;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.Mockito;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;

/**
 * Evidence for ASVS rows that need no running portal: HSTS as {@link SecurityConfig} writes it for
 * an https base URL (V3.4.1), and no disallowed cryptographic algorithm in {@code src/main/java}
 * (V11.4.1).
 */
class AsvsEvidenceTest {

    // ---- V3.4.1 -------------------------------------------------------------------------------

    /** The portal's real security filter chain, built from {@link SecurityConfig} alone; the rest of the portal is stubbed. */
    @Configuration(proxyBeanMethods = false)
    @Import(SecurityConfig.class)
    static class SecurityOnly {

        static String baseUrl;

        @Bean
        PortalProperties portalProperties() {
            return new PortalProperties(URI.create(baseUrl), Path.of("data"), List.of(), null);
        }

        @Bean
        SignInHandlers signInHandlers() {
            return Mockito.mock(SignInHandlers.class, Answers.RETURNS_MOCKS);
        }

        @Bean
        RefusalAudit refusalAudit() {
            return Mockito.mock(RefusalAudit.class);
        }

        @Bean
        SessionProperties sessionProperties() {
            return new SessionProperties(Duration.ofHours(12));
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    private static MockMvc portalSecurity(String baseUrl) {
        SecurityOnly.baseUrl = baseUrl;
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.setServletContext(new org.springframework.mock.web.MockServletContext());
        context.register(SecurityOnly.class);
        context.refresh();
        return MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void withAnHttpsBaseUrlEveryResponseCarriesHstsForAYearWithSubdomains() throws Exception {
        MockMvc mvc = portalSecurity("https://portal.example.com");
        Map<String, MockHttpServletResponse> answers = Map.of(
                "a permitted page (404 in this slice: no controllers)", mvc.perform(get("/login")).andReturn().getResponse(),
                "a redirect to the sign-in page", mvc.perform(get("/account")).andReturn().getResponse(),
                "a refused POST without CSRF token", mvc.perform(post("/password/change")).andReturn().getResponse(),
                "an unknown static file", mvc.perform(get("/css/no-such.css")).andReturn().getResponse());
        assertThat(answers.get("a redirect to the sign-in page").getStatus()).isEqualTo(302);
        assertThat(answers.get("a refused POST without CSRF token").getStatus()).isEqualTo(403);
        answers.forEach((what, response) -> {
            assertThat(response.getHeaders("Strict-Transport-Security")).as(what).containsExactly("max-age=31536000; includeSubDomains");
            assertThat(response.getHeader("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'");
        });
        // The request itself is plain http, as behind a TLS-terminating proxy: the base URL decides.
        assertThat(mvc.perform(get("/login").secure(false)).andReturn().getResponse().getHeader("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");
    }

    @Test
    void withAnHttpBaseUrlNoResponseCarriesHsts() throws Exception {
        MockMvc mvc = portalSecurity("http://localhost:8080");
        assertThat(mvc.perform(get("/login")).andReturn().getResponse().getHeader("Strict-Transport-Security")).isNull();
        assertThat(mvc.perform(get("/account")).andReturn().getResponse().getHeader("Strict-Transport-Security")).isNull();
    }

    // ---- V16.3.4 ------------------------------------------------------------------------------

    /** A security control failing (the breached-password service unreachable) leaves a WARN line. */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aPwnedPasswordsOutageIsLoggedAtWarn(org.springframework.boot.test.system.CapturedOutput output) throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        org.certportal.credential.PwnedPasswords pwned = new org.certportal.credential.PwnedPasswords(new org.certportal.credential.PasswordProperties.Pwned(
                true, URI.create("http://127.0.0.1:" + closed + "/range/"), Duration.ofSeconds(2), true));
        assertThat(pwned.lookup("a password nobody checks")).isEqualTo(org.certportal.credential.PwnedPasswords.Result.UNAVAILABLE);
        assertThat(output.getOut().lines().filter(l -> l.contains("Pwned Passwords could not be reached")))
                .singleElement().satisfies(l -> assertThat(l).contains("WARN").doesNotContain("a password nobody checks"));
    }

    // ---- V11.4.1 ------------------------------------------------------------------------------

    private static final Path MAIN = Path.of("src", "main", "java");

    /** Algorithm names no code of the portal may use, for any purpose. */
    private static final Pattern DISALLOWED = Pattern.compile(
            "md[245](?![0-9])|sha-?1(?![0-9])|sha1prng|\\bdes\\b|desede|tripledes|\\becb\\b|rc[24](?![0-9])|arcfour|blowfish|pkcs1padding"
                    + "|NoOpPasswordEncoder|MessageDigestPasswordEncoder|LdapShaPasswordEncoder|StandardPasswordEncoder|DigestUtils",
            Pattern.CASE_INSENSITIVE);

    /**
     * The only files that may name SHA-1, and why. Nothing else is allowed: no other file, no
     * other disallowed name in these files.
     */
    private static final Map<String, String> SHA1_ALLOWED = Map.of(
            "org/certportal/credential/PwnedPasswords.java", "the Pwned Passwords range API is keyed by SHA-1 (5 hex characters leave); protects nothing",
            "org/certportal/credential/PasswordProperties.java", "documents the same Pwned Passwords look-up",
            "org/certportal/credential/LegacyPbkdf2Encoder.java", "verifies imported PBKDF2-HMAC-SHA1 hashes only (encode() refuses); re-hashed with Argon2id at the next sign-in",
            "org/certportal/credential/ImportLimits.java", "iteration caps for those imported PBKDF2-HMAC-SHA1 hashes",
            "org/certportal/factor/Totp.java", "RFC 6238 authenticator codes are HMAC-SHA-1 (what every authenticator app computes); HMAC keeps its strength with SHA-1",
            "org/certportal/factor/AccountSecurityController.java", "names that HMAC-SHA-1 in the otpauth:// URI the app reads");

    /** Every algorithm argument of a JCA factory in src/main/java, by file. Anything new must be added here, after review. */
    private static final Set<String> ALGORITHMS_ALLOWED = Set.of(
            "org/certportal/platform/Secrets.java: Mac.getInstance(\"HmacSHA256\")",
            "org/certportal/platform/Secrets.java: new SecretKeySpec(key, \"HmacSHA256\")",
            "org/certportal/platform/Secrets.java: new SecretKeySpec(derive(master, \"certportal/outbox-encryption/v1\"), \"AES\")",
            "org/certportal/platform/Secrets.java: Cipher.getInstance(\"AES/GCM/NoPadding\")",
            "org/certportal/credential/PwnedPasswords.java: MessageDigest.getInstance(\"SHA-1\")",
            "org/certportal/credential/LegacyPbkdf2Encoder.java: SecretKeyFactory.getInstance(\"PBKDF2WithHmac\" + p.algorithm)",
            "org/certportal/factor/Totp.java: Mac.getInstance(algorithm)",
            "org/certportal/factor/Totp.java: new SecretKeySpec(key, algorithm)",
            // OpenID Connect signing keys: RSA 2048 for RS256, the algorithm every OpenID Connect client must accept
            "org/certportal/oidc/SigningKeys.java: KeyFactory.getInstance(\"RSA\")",
            "org/certportal/oidc/SigningKeys.java: KeyPairGenerator.getInstance(\"RSA\")");

    private static final Pattern JCA_FACTORY = Pattern.compile(
            "\\b(?:MessageDigest|Mac|Cipher|Signature|SecretKeyFactory|KeyGenerator|KeyPairGenerator|KeyFactory|KeyAgreement|SecureRandom|AlgorithmParameters)"
                    + "\\.getInstance(?:Strong)?\\((?:[^()]|\\([^()]*\\))*\\)|new SecretKeySpec\\((?:[^()]|\\([^()]*\\))*\\)");

    @Test
    void noDisallowedHashOrCipherIsNamedInSrcMainOutsideTheAllowlist() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles()) {
            String name = MAIN.relativize(file).toString().replace('\\', '/');
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = DISALLOWED.matcher(lines.get(i));
                while (m.find()) {
                    boolean sha1 = m.group().toLowerCase(Locale.ROOT).replace("-", "").equals("sha1");
                    if (!(sha1 && SHA1_ALLOWED.containsKey(name))) {
                        found.add(name + ":" + (i + 1) + ": " + m.group() + "   " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("disallowed algorithms (MD5, SHA-1 outside its allowlist, DES, ECB, RC4, ...) in src/main/java").isEmpty();
    }

    @Test
    void everyJcaAlgorithmInSrcMainIsOnTheReviewedList() throws IOException {
        List<String> used = new ArrayList<>();
        for (Path file : javaFiles()) {
            String name = MAIN.relativize(file).toString().replace('\\', '/');
            Matcher m = JCA_FACTORY.matcher(Files.readString(file));
            while (m.find()) {
                used.add(name + ": " + m.group().replaceAll("\\s+", " "));
            }
        }
        assertThat(used).as("every place that picks a JCA algorithm").isNotEmpty().allSatisfy(u -> assertThat(ALGORITHMS_ALLOWED).contains(u));
        // PBKDF2 takes its digest from the imported hash: only HMAC-SHA1/256/512, never an MD hash.
        String pbkdf2 = Files.readString(MAIN.resolve("org/certportal/credential/LegacyPbkdf2Encoder.java"));
        Matcher digests = Pattern.compile("case \"([a-z0-9]+)\" -> \"([A-Z0-9]+)\"").matcher(pbkdf2);
        List<String> mapped = new ArrayList<>();
        while (digests.find()) {
            mapped.add(digests.group(2));
        }
        assertThat(mapped).isNotEmpty().isSubsetOf("SHA1", "SHA256", "SHA512");
    }

    @Test
    void theScanSeesTheWholeSourceTreeAndWouldCatchMd5() {
        assertThat(javaFiles()).hasSizeGreaterThan(50);
        assertThat(DISALLOWED.matcher("MessageDigest.getInstance(\"MD5\")").find()).isTrue();
        assertThat(DISALLOWED.matcher("SecureRandom.getInstance(\"SHA1PRNG\")").find()).isTrue();
        assertThat(DISALLOWED.matcher("Cipher.getInstance(\"DES/ECB/PKCS5Padding\")").find()).isTrue();
        assertThat(DISALLOWED.matcher("Cipher.getInstance(\"AES/GCM/NoPadding\")").find()).isFalse();
        assertThat(DISALLOWED.matcher("Mac.getInstance(\"HmacSHA256\")").find()).isFalse();
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
