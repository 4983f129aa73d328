package org.certportal.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.certportal.platform.DatabaseOutage;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/** Every error as a plain page that says what happened and what to do next; never a stack trace. */
@Controller
class ErrorPages implements ErrorController {

    @RequestMapping("/error")
    String error(HttpServletRequest request, Model model, jakarta.servlet.http.HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure && DatabaseOutage.causedBy(failure)) {
            DatabaseOutage.report(failure);
            status = 503;
        }
        String view = show(status, model, response);
        Object problem = request.getAttribute(RequestInputFilter.INPUT_PROBLEM);
        if (problem != null) {
            model.addAttribute("key", "error.input." + problem);
        }
        return view;
    }

    @RequestMapping("/error/403")
    String forbidden(Model model, jakarta.servlet.http.HttpServletResponse response) {
        return show(403, model, response);
    }

    static String show(int status, Model model, jakarta.servlet.http.HttpServletResponse response) {
        HttpStatus resolved = HttpStatus.resolve(status);
        if (resolved == null) {
            resolved = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        response.setStatus(resolved.value());
        if (resolved == HttpStatus.SERVICE_UNAVAILABLE) {
            // A database restart takes seconds: a browser or a client may try again after this.
            response.setHeader("Retry-After", "10");
        }
        model.addAttribute("status", resolved.value());
        model.addAttribute("key", switch (resolved.value()) {
            case 400, 403, 404, 405, 413, 429, 503 -> "error." + resolved.value();
            default -> resolved.is4xxClientError() ? "error.400" : "error.500";
        });
        return "error";
    }
}
