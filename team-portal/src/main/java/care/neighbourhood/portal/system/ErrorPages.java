package care.neighbourhood.portal.system;

import care.neighbourhood.portal.fhir.FhirServiceException;
import care.neighbourhood.portal.security.RoleRequiredException;
import care.neighbourhood.portal.security.SignIn;
import care.neighbourhood.portal.security.SignInRequiredException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every failure becomes a page in plain language: a FHIR error or an expired login through the
 * exception handlers here, anything else (unknown pages, refused form posts, bugs) through Spring
 * Boot's {@code /error}, which asks this class for the view. Technical detail goes to the log under a
 * reference the page shows, never to the page.
 */
@ControllerAdvice
class ErrorPages implements ErrorViewResolver {

    static final String VIEW = "system/error";
    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    private static final SecureRandom random = new SecureRandom();
    private static final String TRY_LATER = "Try again later.";

    private final SignedInUsers signedInUsers;

    ErrorPages(SignedInUsers signedInUsers) {
        this.signedInUsers = signedInUsers;
    }

    @ExceptionHandler(FhirServiceException.class)
    ModelAndView fhirFailure(FhirServiceException failure, HttpServletRequest request) {
        String reference = newReference();
        log.warn("[{}] {} {}: {}", reference, request.getMethod(), request.getRequestURI(), failure.getMessage());
        ErrorPage page = switch (failure.reason()) {
            case NOT_AUTHENTICATED -> sessionEnded(reference);
            case ACCESS_DENIED ->
                new ErrorPage(
                        403,
                        "You do not have access to this information",
                        List.of(
                                "The shared care record did not let you see or change this. Access depends on"
                                        + " your care relationship with the person, the neighbourhood's data-sharing"
                                        + " agreement and the person's consent.",
                                "If you think you should have access, contact your information governance" + " lead."),
                        "/",
                        "Go to your start page",
                        reference);
            case NOT_FOUND ->
                new ErrorPage(
                        404,
                        "Record not found",
                        List.of("The shared care record has no record here. It may have been removed."),
                        "/",
                        "Go to your start page",
                        reference);
            case UNAVAILABLE ->
                new ErrorPage(
                        503,
                        "Sorry, the shared care record is not available",
                        List.of("The portal cannot reach the shared care record at the moment.", TRY_LATER),
                        samePage(request),
                        "Try again",
                        reference);
            case TOO_MANY_RESULTS ->
                new ErrorPage(
                        502,
                        "There are too many results to show",
                        List.of("The shared care record found more than the portal can show on one page."),
                        "/",
                        "Go to your start page",
                        reference);
            case REJECTED, SERVER_ERROR ->
                new ErrorPage(
                        502,
                        "Sorry, there is a problem with the service",
                        List.of("The shared care record could not answer.", TRY_LATER),
                        samePage(request),
                        "Try again",
                        reference);
        };
        return view(page, request);
    }

    @ExceptionHandler(SignInRequiredException.class)
    ModelAndView signInRequired(SignInRequiredException failure, HttpServletRequest request) {
        String reference = newReference();
        log.info("[{}] {} {}: {}", reference, request.getMethod(), request.getRequestURI(), failure.getMessage());
        return view(sessionEnded(reference), request);
    }

    /** A page for another role: said plainly, with no reference to quote (nothing went wrong). */
    @ExceptionHandler(RoleRequiredException.class)
    ModelAndView roleRequired(RoleRequiredException failure, HttpServletRequest request) {
        log.info("{} {}: {}", request.getMethod(), request.getRequestURI(), failure.getMessage());
        return view(
                new ErrorPage(
                        403,
                        "You cannot use this page",
                        List.of(
                                failure.explanation(),
                                "If you think you should have access, contact your information governance lead."),
                        "/",
                        "Go to your start page",
                        null),
                request);
    }

    /** Pages for what reaches Spring Boot's {@code /error}. */
    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        ErrorPage page = switch (status) {
            case NOT_FOUND ->
                new ErrorPage(
                        404,
                        "Page not found",
                        List.of(
                                "If you typed the web address, check it is correct.",
                                "If you pasted the web address, check you copied the entire address."),
                        "/",
                        "Go to your start page",
                        null);
            case FORBIDDEN ->
                new ErrorPage(
                        403,
                        "This page has expired or you cannot use it",
                        List.of(
                                "Forms in the portal expire when you log out or stay away for a while.",
                                "Go back to your caseload and try again."),
                        "/",
                        "Go to your start page",
                        null);
            default ->
                status.is4xxClientError()
                        ? new ErrorPage(
                                status.value(),
                                "Sorry, the portal could not handle that request",
                                List.of("Go back to your caseload and try again."),
                                "/",
                                "Go to your start page",
                                null)
                        : unexpected(status, model);
        };
        return new ModelAndView(VIEW, Map.of("errorPage", page), HttpStatus.valueOf(page.status()));
    }

    private ErrorPage unexpected(HttpStatus status, Map<String, Object> model) {
        String reference = newReference();
        log.error("[{}] HTTP {} at {}: {}", reference, status.value(), model.get("path"), model.get("error"));
        return new ErrorPage(
                status.value(),
                "Sorry, there is a problem with the service",
                List.of(TRY_LATER),
                "/",
                "Go to your start page",
                reference);
    }

    private static ErrorPage sessionEnded(String reference) {
        return new ErrorPage(
                401,
                "Your session has ended",
                List.of("For your security, you need to log in again to carry on."),
                SignIn.KEYCLOAK_LOGIN,
                "Log in again",
                reference);
    }

    private ModelAndView view(ErrorPage page, HttpServletRequest request) {
        var view = new ModelAndView(VIEW, HttpStatus.valueOf(page.status()));
        view.addObject("errorPage", page);
        view.addObject("signedInUser", signedInUsers.signedInUser());
        return view;
    }

    /** The path of the failed page, to try it again; never anything that leaves the portal. */
    private static String samePage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/") && !path.startsWith("//") ? path : "/";
    }

    private static String newReference() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
