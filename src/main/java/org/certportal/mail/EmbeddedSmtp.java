package org.certportal.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The embedded SMTP server of the default run: when no relay is configured, mail is delivered to
 * an in-process GreenMail server and can be read at /dev/mail from the same machine.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.mail.host:}'.isEmpty() and ${certportal.mail.embedded-smtp:true}")
class EmbeddedSmtp {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtp.class);

    @Bean(initMethod = "start", destroyMethod = "stop")
    GreenMail greenMail(MailProperties properties) {
        ServerSetup setup = new ServerSetup(properties.embeddedSmtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (properties.embeddedSmtpPort() == 0) {
            setup = setup.dynamicPort();
        }
        return new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    @Bean
    JavaMailSenderImpl embeddedMailSender(GreenMail greenMail) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(greenMail.getSmtp().getPort());
        log.info("No spring.mail.host set: using the embedded SMTP server on port {}; read its mail at /dev/mail from this machine",
                greenMail.getSmtp().getPort());
        return sender;
    }
}
