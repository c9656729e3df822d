package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.access.index.CareAccessEntry;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Why someone could look at a person's record, from the access basis the audit trail recorded, as a
 * reason a person understands: their care team, a referral, emergency access (with the reason its
 * holder gave), an information-governance review, a look-up to find them, their carer with their
 * permission, or a connected system.
 */
@Component
class AccessLogReasons {

    private static final Pattern GRANT = Pattern.compile("break-glass (Basic/[A-Za-z0-9\\-.]{1,64})");

    /** A reason: its code and, for emergency access, what its holder said. */
    record Reason(String code, String emergencyReason) {}

    private final DaoRegistry daos;

    AccessLogReasons(DaoRegistry daos) {
        this.daos = daos;
    }

    Reason of(String basis, String purpose) {
        if ("BTG".equals(purpose) || (basis != null && basis.contains("break-glass"))) {
            return new Reason(
                    "emergency", basis == null ? null : emergencyReason(basis).orElse(null));
        }
        if (basis == null) {
            return new Reason("other", null);
        }
        if (basis.startsWith("governance")) {
            return new Reason("governance", null);
        }
        if (basis.startsWith("demographic look-up")) {
            return new Reason("look-up", null);
        }
        if (basis.startsWith("carer by")) {
            return new Reason("carer", null);
        }
        if (basis.startsWith("relationship")) {
            return new Reason(
                    basis.contains("CareTeam/") ? "care-team" : basis.contains("Task/") ? "referral" : "other", null);
        }
        return new Reason("other", null);
    }

    private Optional<String> emergencyReason(String basis) {
        Matcher grant = GRANT.matcher(basis);
        if (!grant.find()) {
            return Optional.empty();
        }
        try {
            Basic entry =
                    (Basic) daos.getResourceDao("Basic").read(new IdType(grant.group(1)), new SystemRequestDetails());
            Extension reason = entry.getExtensionByUrl(CareAccessEntry.REASON_EXTENSION);
            return reason == null
                    ? Optional.empty()
                    : Optional.of(reason.getValue().primitiveValue());
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
    }
}
