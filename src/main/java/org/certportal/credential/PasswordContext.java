package org.certportal.credential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a new password must not be built from: the account's own names and the product's name. */
public record PasswordContext(String username, String email, String displayName) {

    /** The product's names: a password built from them is refused as {@code product-name}. */
    static final List<String> PRODUCT_WORDS = List.of("certportal", "certificate", "certificates", "entrust", "portal");
    /**
     * Words every guesser tries with digits after them. Not a name of anything, so a password built
     * from one is refused as a common password with additions, never as "built from your name".
     */
    static final List<String> COMMON_WORDS = List.of("password");

    /** Where a word the password is built from comes from: the refusal names it (password.problem.*). */
    enum Source {
        USERNAME("personal-username"), EMAIL("personal-email"), NAME("personal-name"), PRODUCT("product-name"), COMMON("common-with-additions");

        final String problem;

        Source(String problem) {
            this.problem = problem;
        }
    }

    /** One word a password must not be built from, lower case, with where it comes from. */
    record Input(String word, Source source) {
    }

    /** The words for zxcvbn's user_inputs dictionary. */
    List<String> userInputs() {
        return words(this);
    }

    static List<String> words(PasswordContext context) {
        return inputs(context).stream().map(Input::word).toList();
    }

    static List<Input> inputs(PasswordContext context) {
        List<Input> inputs = new ArrayList<>();
        PRODUCT_WORDS.forEach(w -> inputs.add(new Input(w, Source.PRODUCT)));
        COMMON_WORDS.forEach(w -> inputs.add(new Input(w, Source.COMMON)));
        if (context == null) {
            return inputs;
        }
        add(inputs, context.username, Source.USERNAME);
        add(inputs, context.displayName, Source.NAME);
        String email = context.email;
        if (email != null && !email.isBlank()) {
            add(inputs, email, Source.EMAIL);
            int at = email.indexOf('@');
            if (at > 0) {
                add(inputs, email.substring(0, at), Source.EMAIL);
                for (String part : email.substring(at + 1).split("\\.")) {
                    if (part.length() >= 4) {
                        add(inputs, part, Source.EMAIL);
                    }
                }
            }
        }
        if (context.displayName != null) {
            for (String word : context.displayName.split("\\s+")) {
                add(inputs, word, Source.NAME);
            }
        }
        return inputs;
    }

    /** Where {@code word} (lower case) comes from; the account's own names before the product's. */
    static Source sourceOf(String word, PasswordContext context) {
        Source found = null;
        for (Input input : inputs(context)) {
            if (input.word().equals(word) && (found == null || input.source().ordinal() < found.ordinal())) {
                found = input.source();
            }
        }
        return found == null ? Source.NAME : found;
    }

    private static void add(List<Input> inputs, String value, Source source) {
        if (value != null && value.length() >= 3) {
            inputs.add(new Input(value.toLowerCase(Locale.ROOT), source));
        }
    }
}
