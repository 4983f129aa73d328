package org.certportal.testing;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** Reads what the portal sent to one address from the embedded GreenMail server. */
public final class Mail {

    public record Received(String to, String subject, String text, String html, String contentType) {

        public String find(Pattern pattern) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no " + pattern + " in email '" + subject + "':\n" + text);
            }
            return m.groupCount() > 0 ? m.group(1) : m.group();
        }
    }

    public static final Pattern RESET_LINK = Pattern.compile("(https?://\\S+/reset/[A-Za-z0-9_-]+)");
    public static final Pattern TEMPORARY_PASSWORD = Pattern.compile("(?m)^Temporary password: (\\S+)$");

    private Mail() {
    }

    public static List<Received> to(GreenMail greenMail, String address) {
        List<Received> list = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                boolean match = Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address));
                if (match) {
                    list.add(new Received(address, m.getSubject(), part(m, "text/plain"), part(m, "text/html"), m.getContentType()));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return list;
    }

    /** Waits until {@code address} has received at least {@code count} emails; returns them all, oldest first. */
    public static List<Received> await(GreenMail greenMail, String address, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> to(greenMail, address).size() >= count);
        return to(greenMail, address);
    }

    /** The newest email to {@code address} whose subject contains {@code subject}, waiting for it. */
    public static Received awaitSubject(GreenMail greenMail, String address, String subject) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> to(greenMail, address).stream().anyMatch(r -> r.subject().contains(subject)));
        List<Received> all = to(greenMail, address).stream().filter(r -> r.subject().contains(subject)).toList();
        return all.get(all.size() - 1);
    }

    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                String found = part(bp, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
