package org.certportal.support;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

@Validated
@ConfigurationProperties("certportal.support")
public record SupportProperties(@NotBlank @DefaultValue("classpath:support/directory.yml") String directory) {
}
