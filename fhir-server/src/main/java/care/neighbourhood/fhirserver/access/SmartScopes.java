package care.neighbourhood.fhirserver.access;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART on FHIR resource scopes ({@code system/}, {@code user/} or {@code patient/}, v1
 * {@code .read}/{@code .write}/{@code .*} or v2 {@code .cruds}) can only narrow what a token may do:
 * a token that carries any of them may touch only the resource types and interactions they name. A
 * token with none is decided by the other rules alone. A scope never widens access.
 */
public final class SmartScopes {

    /** What an interaction does to a resource type, in SMART v2 letters. */
    public enum Access {
        CREATE('c'),
        READ('r'),
        UPDATE('u'),
        DELETE('d'),
        SEARCH('s');

        final char letter;

        Access(char letter) {
            this.letter = letter;
        }
    }

    private static final Pattern RESOURCE_SCOPE =
            Pattern.compile("^(system|user|patient)/([A-Za-z]+|\\*)\\.(read|write|\\*|c?r?u?d?s?)(\\?.*)?$");

    private SmartScopes() {}

    public static boolean narrowsAccess(Set<String> scopes) {
        return scopes.stream().anyMatch(scope -> RESOURCE_SCOPE.matcher(scope).matches());
    }

    public static boolean permits(Set<String> scopes, String resourceType, Access access) {
        if (!narrowsAccess(scopes)) {
            return true;
        }
        for (String scope : scopes) {
            Matcher matcher = RESOURCE_SCOPE.matcher(scope);
            if (!matcher.matches()) {
                continue;
            }
            String type = matcher.group(2);
            if (!type.equals("*") && !type.equals(resourceType)) {
                continue;
            }
            String what = matcher.group(3);
            boolean granted = switch (what) {
                case "*" -> true;
                case "read" -> access == Access.READ || access == Access.SEARCH;
                case "write" -> access == Access.CREATE || access == Access.UPDATE || access == Access.DELETE;
                default -> what.indexOf(access.letter) >= 0;
            };
            if (granted) {
                return true;
            }
        }
        return false;
    }
}
