package org.certportal.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.certportal.platform.LoopbackRequests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/** The embedded SMTP server's mailbox, for the default run on one machine only: it shows reset links. */
@Controller
class DevMailController {

    record ShownMail(String to, String subject, Date sent, String text) {
    }

    private final ObjectProvider<GreenMail> greenMail;

    DevMailController(ObjectProvider<GreenMail> greenMail) {
        this.greenMail = greenMail;
    }

    @GetMapping("/dev/mail")
    String mailbox(HttpServletRequest request, Model model) throws Exception {
        GreenMail server = greenMail.getIfAvailable();
        // Loopback only, and never through a proxy on this host: see LoopbackRequests.
        if (server == null || !LoopbackRequests.isDirectFromLoopback(request)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        List<ShownMail> shown = new ArrayList<>();
        MimeMessage[] messages = server.getReceivedMessages();
        for (int i = messages.length - 1; i >= 0; i--) {
            MimeMessage m = messages[i];
            String to = Arrays.stream(m.getAllRecipients() == null ? new Address[0] : m.getAllRecipients())
                    .map(Address::toString).collect(Collectors.joining(", "));
            shown.add(new ShownMail(to, m.getSubject(), m.getSentDate(), textPart(m)));
        }
        model.addAttribute("mails", shown);
        return "dev-mail";
    }

    static String textPart(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String text = textPart(body);
                if (text != null) {
                    return text;
                }
            }
        }
        return part instanceof MimeMessage m ? GreenMailUtil.getBody(m) : null;
    }
}
