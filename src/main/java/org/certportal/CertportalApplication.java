package org.certportal;

import org.certportal.cli.CommandLineEntry;
import org.certportal.platform.ArchivedStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CertportalApplication {

    public static void main(String[] args) {
        // First, before any framework code: may become a JVM started from the build's class data archive.
        ArchivedStart.relaunchIfPrepared(args, CommandLineEntry.isShortLived(args));
        if (CommandLineEntry.isCommand(args)) {
            System.exit(CommandLineEntry.run(args));
        }
        SpringApplication.run(CertportalApplication.class, args);
    }
}
