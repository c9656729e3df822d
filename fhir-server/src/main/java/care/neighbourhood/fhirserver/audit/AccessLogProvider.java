package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.CallerResolver;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/<id>/$access-log?from&to}: who has looked at the person's record, for the person
 * themself and nobody else. From the audit trail: every successful access by staff, systems and
 * carers to the person's record in the period, newest first, each with when, the role and
 * organisation of who looked (and their name, as {@link AccessLogProperties} says), what they did,
 * and why they could, as a reason code ({@link AccessLogReasons}). The person's own accesses are
 * left out; nothing about anyone else in the same request is shown.
 */
@Component
public class AccessLogProvider {

    private static final Map<String, String> ROLES = Map.of(
            "gp", "GP",
            "community-nurse", "Community nurse",
            "mental-health-practitioner", "Mental health practitioner",
            "social-worker", "Social worker",
            "care-coordinator", "Care coordinator",
            "support-worker", "Support worker",
            "ig-officer", "Information governance officer",
            "workspace-admin", "Workspace administrator",
            "carer", "Carer");

    private final AuditQueries store;
    private final CallerResolver callers;
    private final AccessLogReasons reasons;
    private final AccessLogProperties properties;
    private final DaoRegistry daos;

    AccessLogProvider(
            AuditQueries store,
            CallerResolver callers,
            AccessLogReasons reasons,
            AccessLogProperties properties,
            DaoRegistry daos) {
        this.store = store;
        this.callers = callers;
        this.reasons = reasons;
        this.properties = properties;
        this.daos = daos;
    }

    @Operation(name = "$access-log", idempotent = true, type = org.hl7.fhir.r4.model.Patient.class)
    public Parameters accessLog(
            @IdParam IdType patient,
            @OperationParam(name = "from", max = 1) DateType from,
            @OperationParam(name = "to", max = 1) DateType to,
            RequestDetails request) {
        Caller caller = callers.callerOf(request).orElseThrow(() -> AccessDenied.because("no caller"));
        if (caller.kind() != Caller.Kind.PERSON || !("Patient/" + patient.getIdPart()).equals(caller.self())) {
            throw AccessDenied.because("who has looked at a record is shown to the person themself only");
        }
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : toLocalDate(to, "to");
        LocalDate first = from == null ? last.minusDays(90) : toLocalDate(from, "from");
        if (first.isAfter(last)) {
            throw new InvalidRequestException("from must not be after to.");
        }
        if (Duration.between(first.atStartOfDay(), last.atStartOfDay()).toDays() > properties.longestPeriodDays()) {
            throw new InvalidRequestException(
                    "The period is longer than " + properties.longestPeriodDays() + " days: ask for a shorter one.");
        }
        AuditQuery query = new AuditQuery(
                List.of(patient.getIdPart()),
                null,
                null,
                null,
                first.atStartOfDay().toInstant(ZoneOffset.UTC),
                last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                Set.of(AuditRecord.SUCCESS),
                null,
                false,
                null);
        Parameters log = new Parameters();
        log.addParameter("from", new DateType(first.toString()));
        log.addParameter("to", new DateType(last.toString()));
        Map<String, String> organisations = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (AuditRecord record : store.search(query, 0, properties.most())) {
            if (caller.subject().equals(record.agentSubject())) {
                continue; // the person's own looks
            }
            AuditRecord.AuditPerson about = record.people().stream()
                    .filter(p -> patient.getIdPart().equals(p.personId()))
                    .findFirst()
                    .orElse(null);
            AccessLogReasons.Reason reason = reasons.of(about == null ? null : about.basis(), record.purpose());
            Parameters.ParametersParameterComponent access = log.addParameter().setName("access");
            access.addPart().setName("when").setValue(new InstantType(java.util.Date.from(record.recorded())));
            if (properties.staffNames() == AccessLogProperties.StaffNames.SHOWN || !isStaff(record)) {
                part(access, "who", nameOf(record, names));
            }
            part(access, "role", roleOf(record));
            part(access, "organisation", organisationName(record.organisation(), organisations));
            part(access, "what", whatTheyDid(record.action()));
            part(access, "reason", reason.code());
            part(access, "emergencyReason", reason.emergencyReason());
        }
        return log;
    }

    private static void part(Parameters.ParametersParameterComponent access, String name, String value) {
        if (value != null && !value.isBlank()) {
            access.addPart().setName(name).setValue(new StringType(value));
        }
    }

    private static boolean isStaff(AuditRecord record) {
        return record.agentPractitioner() != null && record.agentPractitioner().startsWith("Practitioner/");
    }

    /** A member of staff or a carer by the name their record gives; a system by its client id. */
    private String nameOf(AuditRecord record, Map<String, String> known) {
        String user = record.agentPractitioner();
        if (user == null) {
            return record.agentName();
        }
        return known.computeIfAbsent(user, reference -> {
            try {
                var resource = daos.getResourceDao(new IdType(reference).getResourceType())
                        .read(new IdType(reference), new SystemRequestDetails());
                List<HumanName> humanNames = resource instanceof Practitioner practitioner
                        ? practitioner.getName()
                        : resource instanceof RelatedPerson carer ? carer.getName() : List.of();
                return humanNames.stream()
                        .findFirst()
                        .map(name -> name.hasText()
                                ? name.getText()
                                : (name.getPrefixAsSingleString() + " " + name.getGivenAsSingleString() + " "
                                                + name.getFamily())
                                        .replace("null", "")
                                        .strip()
                                        .replaceAll(" +", " "))
                        .orElse(record.agentName());
            } catch (RuntimeException unknown) {
                return record.agentName();
            }
        });
    }

    private static String roleOf(AuditRecord record) {
        if (record.agentPractitioner() != null && record.agentPractitioner().startsWith("RelatedPerson/")) {
            return "Carer";
        }
        if (record.agentPractitioner() == null) {
            return "Connected computer system";
        }
        return record.agentRoles() == null
                ? null
                : Arrays.stream(record.agentRoles().split(","))
                        .map(role -> ROLES.getOrDefault(role, role.replace('-', ' ')))
                        .collect(Collectors.joining(", "));
    }

    private static String whatTheyDid(String action) {
        return switch (action == null ? "" : action.toUpperCase(Locale.UK)) {
            case "C", "U", "D" -> "changed";
            default -> "looked";
        };
    }

    private String organisationName(String code, Map<String, String> known) {
        if (code == null) {
            return null;
        }
        return known.computeIfAbsent(code, c -> {
            try {
                Organization organisation = (Organization) daos.getResourceDao("Organization")
                        .read(new IdType("Organization", c), new SystemRequestDetails());
                return organisation.hasName() ? organisation.getName() : c;
            } catch (RuntimeException unknown) {
                return c;
            }
        });
    }

    private static LocalDate toLocalDate(DateType date, String name) {
        if (date.getValue() == null || date.getValueAsString().length() != 10) {
            throw new InvalidRequestException(name + " must be a date, e.g. 2026-11-01.");
        }
        return LocalDate.parse(date.getValueAsString());
    }
}
