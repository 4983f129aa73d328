package com.example.certificateservices;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * "The certificate services": an application behind the account that lets certportal sign people in
 * (OpenID Connect, authorization code flow with PKCE) and shows who signed in and how.
 *
 * <p>Its configuration file is {@code certificate-services.properties}, not {@code application.properties}, so
 * that it can share a classpath with the portal (the portal's browser tests boot it beside the portal).
 */
@SpringBootApplication
public class CertificateServicesApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CertificateServicesApplication.class)
                .properties("spring.config.name=certificate-services");
    }
}
