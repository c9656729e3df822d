package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * "The person is on the caseload of these practitioners and organisations", written as an
 * {@code _id} value so that it travels through HAPI's search parameters, chains included, to
 * {@link CaseloadIdPredicateBuilder}, which turns it into a subquery over the care access table.
 *
 * <p>Only this server writes it: the value carries a secret drawn when the server starts, so a value
 * a client sends in a URL is an ordinary (unknown) id and matches nothing. References are written
 * with characters a FHIR id cannot hold ({@code ~} and {@code !}), so HAPI's reference and token
 * parsing passes them through unchanged.
 */
final class CaseloadCondition {

    private static final String PREFIX = "caseload-of~" + secret() + "~";

    private CaseloadCondition() {}

    /** The condition for the caseload of {@code grantees} ({@code Practitioner/a}, {@code Organization/b}). */
    static String value(List<String> grantees) {
        if (grantees.isEmpty()) {
            throw new IllegalArgumentException("a caseload needs a practitioner or an organisation");
        }
        StringBuilder value = new StringBuilder(PREFIX);
        for (int i = 0; i < grantees.size(); i++) {
            String grantee = grantees.get(i);
            if (grantee.indexOf('~') >= 0 || grantee.indexOf('!') >= 0) {
                throw new IllegalArgumentException("not a reference: " + grantee);
            }
            value.append(i == 0 ? "" : "~").append(grantee.replace('/', '!'));
        }
        return value.toString();
    }

    static TokenParam token(List<String> grantees) {
        return new TokenParam(value(grantees));
    }

    /** The grantees named by {@code parameter}, when it is this server's caseload condition. */
    static Optional<List<String>> granteesIn(IQueryParameterType parameter) {
        String value;
        if (parameter instanceof TokenParam token && token.getModifier() == null && token.getSystem() == null) {
            value = token.getValue(); // as SearchNarrowing adds it
        } else if (parameter instanceof StringParam string && !string.isExact() && !string.isContains()) {
            value = string.getValue(); // as HAPI passes the end of a chain (patient._id) on
        } else {
            return Optional.empty();
        }
        if (value == null || !value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(List.of(value.substring(PREFIX.length()).split("~")).stream()
                .map(grantee -> grantee.replace('!', '/'))
                .toList());
    }

    private static String secret() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
