package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.AccessLog;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Service;

/** {@code Patient/<id>/$access-log}, with each reason in words a person reads. */
@Service
class FhirAccessLog implements AccessLog {

    static final Map<String, String> WHY = Map.of(
            "care-team", "They are in your care team",
            "referral", "You were referred to them",
            "emergency", "Emergency access",
            "governance", "A check by information governance staff",
            "look-up", "They looked you up to find your record: name, date of birth and NHS number only",
            "carer", "Your carer, with your permission");

    private final FhirSearches searches;

    FhirAccessLog(FhirSearches searches) {
        this.searches = searches;
    }

    @Override
    public AccessLogPage logOf(CurrentUser user, String personId, LocalDate from, LocalDate to) {
        Parameters asked = new Parameters();
        asked.addParameter("from", new DateType(from.toString()));
        asked.addParameter("to", new DateType(to.toString()));
        Parameters log = searches.call(
                "reading who has looked at the record",
                client -> client.operation()
                        .onInstance(new IdType("Patient", personId))
                        .named("$access-log")
                        .withParameters(asked)
                        .useHttpGet()
                        .returnResourceType(Parameters.class)
                        .execute());
        List<Access> accesses = new ArrayList<>();
        for (Parameters.ParametersParameterComponent access : log.getParameter()) {
            if (!"access".equals(access.getName())) {
                continue;
            }
            String reason = text(access, "reason");
            Type when = part(access, "when");
            accesses.add(new Access(
                    when instanceof InstantType instant ? FhirDates.forDisplay(instant) : null,
                    text(access, "who"),
                    text(access, "role"),
                    text(access, "organisation"),
                    reason,
                    WHY.getOrDefault(reason, "Another reason, recorded in the audit trail"),
                    text(access, "emergencyReason"),
                    text(access, "what")));
        }
        return new AccessLogPage(from, to, accesses);
    }

    private static Type part(Parameters.ParametersParameterComponent access, String name) {
        return access.getPart().stream()
                .filter(part -> name.equals(part.getName()))
                .map(Parameters.ParametersParameterComponent::getValue)
                .findFirst()
                .orElse(null);
    }

    private static String text(Parameters.ParametersParameterComponent access, String name) {
        Type value = part(access, name);
        return value == null ? null : value.primitiveValue();
    }
}
