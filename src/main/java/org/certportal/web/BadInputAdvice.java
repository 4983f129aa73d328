package org.certportal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.certportal.audit.AuditType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.ui.Model;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Malformed requests become a 4xx page, never a 500 or a stack trace. */
@ControllerAdvice
class BadInputAdvice {

    private static final Logger log = LoggerFactory.getLogger(BadInputAdvice.class);

    private final RefusalAudit refusals;

    BadInputAdvice(RefusalAudit refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class,
            HttpMessageNotReadableException.class, IllegalArgumentException.class, org.springframework.validation.BindException.class})
    String badRequest(Exception e, Model model, HttpServletRequest request, HttpServletResponse response) {
        log.debug("Bad request: {}", e.getClass().getSimpleName());
        refusals.record(request, AuditType.INPUT_REFUSED, e.getClass().getSimpleName());
        return ErrorPages.show(400, model, response);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    String methodNotAllowed(Model model, HttpServletResponse response) {
        return ErrorPages.show(405, model, response);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    String unsupported(Model model, HttpServletResponse response) {
        return ErrorPages.show(415, model, response);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    String notFound(Model model, HttpServletResponse response) {
        return ErrorPages.show(404, model, response);
    }

    @ExceptionHandler(ResponseStatusException.class)
    String status(ResponseStatusException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        if (e.getStatusCode().value() == 400) {
            refusals.record(request, AuditType.INPUT_REFUSED, "bad-parameter");
        }
        return ErrorPages.show(e.getStatusCode().value(), model, response);
    }
}
