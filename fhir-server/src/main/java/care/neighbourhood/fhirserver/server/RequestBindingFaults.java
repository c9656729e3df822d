package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Set;

/**
 * Failures while HAPI turns what the client sent into the arguments of the method that serves it:
 * reading the type, id and version from the path, parsing the resource in the body, reading an
 * operation's parameter, or applying the patch it sent. HAPI's parsers throw a proper error for most
 * bad input, but some malformed documents make them fail in other ways (a number whose exponent
 * overflows, an extension that is {@code null}, a Bundle entry the parser could not make a resource
 * of, a version in the path with no id before it, a JSON Patch {@code copy} without {@code from}).
 * Such a failure is the request's fault, not the server's: 400, not 500.
 *
 * <p>Recognised by where it happened: the throwing code ran inside the binding step, and no code of
 * the storage or of this server ran between that step and the throw.
 */
final class RequestBindingFaults {

    private static final String BINDING_PACKAGE = "ca.uhn.fhir.rest.server.method.";
    private static final Set<String> BINDING_METHODS =
            Set.of("translateQueryParametersIntoServerArgument", "loadResourceFromRequest", "parseResourceFromRequest");
    /** Where HAPI reads the type, id and version out of the request's path. */
    private static final String PATH_READING =
            "ca.uhn.fhir.rest.server.RestfulServer.populateRequestDetailsFromRequestPath";

    /** Where HAPI applies a patch the client sent, whose libraries fail on some malformed operations. */
    private static final Set<String> PATCH_APPLYING =
            Set.of("ca.uhn.fhir.jpa.patch.JsonPatchUtils.apply", "ca.uhn.fhir.jpa.patch.FhirPatch.apply");

    private static final String[] NOT_BINDING = {"ca.uhn.fhir.jpa.", "care.neighbourhood."};

    static final String MESSAGE = "The request could not be read: its body or one of its parameters is not"
            + " well-formed FHIR for this interaction. Check the resource against the specification and"
            + " send it again.";

    private RequestBindingFaults() {}

    /** Whether {@code error}, or one of its causes, was thrown while binding the request's arguments. */
    static boolean explains(Throwable error) {
        int depth = 0;
        for (Throwable cause = error; cause != null && depth < 30; cause = cause.getCause(), depth++) {
            if (thrownWhileBinding(cause)) {
                return true;
            }
        }
        return false;
    }

    static InvalidRequestException answer() {
        return new InvalidRequestException(MESSAGE);
    }

    private static boolean thrownWhileBinding(Throwable error) {
        for (StackTraceElement frame : error.getStackTrace()) {
            String type = frame.getClassName();
            String method = type + "." + frame.getMethodName();
            if ((type.startsWith(BINDING_PACKAGE) && BINDING_METHODS.contains(frame.getMethodName()))
                    || PATH_READING.equals(method)
                    || PATCH_APPLYING.contains(method)) {
                return true;
            }
            for (String other : NOT_BINDING) {
                if (type.startsWith(other)) {
                    return false;
                }
            }
        }
        return false;
    }
}
