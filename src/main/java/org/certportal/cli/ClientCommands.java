package org.certportal.cli;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.certportal.audit.AuditActor;
import org.certportal.oidc.ClientException;
import org.certportal.oidc.Clients;
import org.certportal.oidc.SigningKeys;
import org.springframework.stereotype.Component;

/**
 * {@code client add|list|remove} and {@code key rotate}: the OpenID Connect clients and the
 * provider's signing key. Depends only on {@link Clients} and {@link SigningKeys} (the database), so
 * it runs in the command line's context without the web server.
 */
@Component
class ClientCommands {

    private static final AuditActor ACTOR = AuditActor.cli();
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "client add", List.of("client-id", "redirect-uri", "name", "post-logout-redirect-uri", "initiate-login-uri"),
            "client list", List.of(),
            "client remove", List.of("client-id"),
            "key rotate", List.of());
    private static final Map<String, List<String>> FLAGS = Map.of(
            "client add", List.of("public", "secret-stdin", "third-party", "require-mfa", "require-pkce"));

    interface Secret {
        String read() throws Exception;
    }

    private final Clients clients;
    private final SigningKeys keys;

    ClientCommands(Clients clients, SigningKeys keys) {
        this.clients = clients;
        this.keys = keys;
    }

    /** Refuses unknown actions, options and arguments before anything starts. */
    static void check(String group, String action, Set<String> options, Collection<String> flags, List<String> positional) {
        String command = group + " " + action;
        if (!OPTIONS.containsKey(command)) {
            throw new CommandException("unknown command '" + command.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        for (String option : options) {
            if (!OPTIONS.get(command).contains(option)) {
                throw new CommandException("unknown option --" + option + " for '" + command + "'");
            }
        }
        for (String flag : flags) {
            if (!FLAGS.getOrDefault(command, List.of()).contains(flag)) {
                throw new CommandException("unknown option --" + flag + " for '" + command + "'");
            }
        }
        if (!positional.isEmpty()) {
            throw new CommandException("unexpected argument '" + positional.get(0) + "'");
        }
    }

    static String run(ClientCommands commands, CommandLineEntry.ParsedCommand command, Secret secret) throws Exception {
        try {
            return switch (command.action()) {
                case "add" -> commands.add(command, secret);
                case "list" -> commands.list();
                case "remove" -> commands.remove(command.require("client-id"));
                default -> throw new CommandException("unknown command 'client " + command.action() + "'");
            };
        } catch (ClientException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private String add(CommandLineEntry.ParsedCommand command, Secret secret) throws Exception {
        String clientId = command.require("client-id");
        boolean isPublic = command.flags().contains("public");
        if (isPublic && command.flags().contains("secret-stdin")) {
            throw new CommandException("a public client has no secret: leave out --secret-stdin or --public");
        }
        String given = command.flags().contains("secret-stdin") ? secret.read() : null;
        Clients.Added added = clients.add(new Clients.NewClient(clientId, command.options().get("name"), command.all("redirect-uri"),
                command.all("post-logout-redirect-uri"), isPublic, given, command.flags().contains("third-party"),
                command.flags().contains("require-mfa"), command.flags().contains("require-pkce"), command.options().get("initiate-login-uri")), ACTOR, null);
        String kind = isPublic ? "public client (PKCE required)" : command.flags().contains("require-pkce") ? "confidential client (PKCE required)" : "confidential client";
        if (added.generatedSecret() != null) {
            return "Registered " + kind + " '" + clientId + "'. Client secret (shown only now; the portal keeps only a hash):\n" + added.generatedSecret();
        }
        return "Registered " + kind + " '" + clientId + "'.";
    }

    private String list() {
        List<Clients.ClientView> all = clients.list();
        if (all.isEmpty()) {
            return "No clients.";
        }
        StringBuilder sb = new StringBuilder();
        for (Clients.ClientView c : all) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(c.clientId()).append('\t').append(c.publicClient() ? "public" : "confidential")
                    .append(c.thirdParty() ? ",third-party" : "").append(c.requireMfa() ? ",require-mfa" : "")
                    .append(!c.publicClient() && c.requirePkce() ? ",require-pkce" : "")
                    .append('\t').append(String.join(" ", c.redirectUris()))
                    .append('\t').append(c.name());
            // a fifth column only when set, so that the four of a client without one stay as they were
            if (c.initiateLoginUri() != null) {
                sb.append('\t').append("initiate-login-uri=").append(c.initiateLoginUri());
            }
        }
        return sb.toString();
    }

    private String remove(String clientId) {
        clients.remove(clientId, ACTOR, null);
        return "Removed client '" + clientId + "' with its tokens and consents.";
    }

    String rotateKey() {
        SigningKeys.Rotation r = keys.rotate(ACTOR);
        return "New signing key " + r.currentKid() + (r.retiredKid() == null ? "."
                : "; the previous key " + r.retiredKid() + " stays in the JWKS until " + r.retiredPublishedUntil() + ".");
    }
}
