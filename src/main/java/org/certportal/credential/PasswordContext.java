package org.certportal.credential;

import java.util.ArrayList;
import java.util.List;

/** What a new password must not be built from: the account's own names and the product's name. */
public record PasswordContext(String username, String email, String displayName) {

    static final List<String> PRODUCT_WORDS = List.of("certportal", "certificate", "certificates", "entrust", "password", "portal");

    List<String> userInputs() {
        List<String> inputs = new ArrayList<>(PRODUCT_WORDS);
        add(inputs, username);
        add(inputs, displayName);
        if (email != null && !email.isBlank()) {
            add(inputs, email);
            int at = email.indexOf('@');
            if (at > 0) {
                add(inputs, email.substring(0, at));
                for (String part : email.substring(at + 1).split("\\.")) {
                    if (part.length() >= 4) {
                        add(inputs, part);
                    }
                }
            }
        }
        if (displayName != null) {
            for (String word : displayName.split("\\s+")) {
                add(inputs, word);
            }
        }
        return inputs;
    }

    private static void add(List<String> inputs, String value) {
        if (value != null && value.length() >= 3) {
            inputs.add(value.toLowerCase(java.util.Locale.ROOT));
        }
    }
}
