package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;

/** The search parameters of {@code AuditEvent} as the audit tables are queried by them. */
final class AuditSearchParameters {

    private AuditSearchParameters() {}

    static String agentReference(ReferenceParam agent, String type) {
        if (agent == null) {
            return null;
        }
        IdType id = new IdType(agent.getValue());
        if (!type.equals(id.getResourceType()) || id.getIdPart() == null) {
            return null;
        }
        return "Practitioner".equals(type) ? "Practitioner/" + id.getIdPart() : id.getIdPart();
    }

    static Instant from(DateRangeParam date) {
        if (date == null || date.getLowerBound() == null) {
            return null;
        }
        DateParam lower = date.getLowerBound();
        Instant value = lower.getValue().toInstant();
        return lower.getPrefix() == ParamPrefixEnum.GREATERTHAN ? endOf(lower) : value;
    }

    static Instant to(DateRangeParam date) {
        if (date == null || date.getUpperBound() == null) {
            return null;
        }
        DateParam upper = date.getUpperBound();
        return upper.getPrefix() == ParamPrefixEnum.LESSTHAN ? upper.getValue().toInstant() : endOf(upper);
    }

    /** The end of the span a date stands for: {@code le2026-11-30} means up to the end of that day. */
    static Instant endOf(DateParam date) {
        ZonedDateTime start = date.getValue().toInstant().atZone(ZoneOffset.UTC);
        ZonedDateTime end = switch (date.getPrecision()) {
            case YEAR -> start.plusYears(1);
            case MONTH -> start.plusMonths(1);
            case DAY -> start.plusDays(1);
            case MINUTE -> start.plusMinutes(1);
            case SECOND -> start.plusSeconds(1);
            default -> start.plus(1, ChronoUnit.MILLIS);
        };
        return end.toInstant();
    }

    static Set<Integer> outcomes(TokenOrListParam outcome) {
        if (outcome == null) {
            return Set.of();
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (TokenParam token : outcome.getValuesAsQueryTokens()) {
            switch (token.getValue()) {
                case "0" -> codes.add(0);
                case "4" -> codes.add(4);
                case "8" -> codes.add(8);
                case "12" -> codes.add(12);
                default -> throw new InvalidRequestException("outcome must be 0, 4, 8 or 12.");
            }
        }
        return codes;
    }
}
