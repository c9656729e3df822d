package care.neighbourhood.fhirserver.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * What a caller is told about the records withheld from them: per data class, organisation whose
 * records they are and rule, how many, in words. Read from the record's type, its custodian and the
 * {@link Disclosure}, never from what the record says, so a caller learns that something is kept from
 * them and why, not what.
 */
@Component
public class WithheldExplanations {

    /** How withheld records are grouped: never by anything that tells one record from another. */
    public record Kind(String dataClass, String custodian, String custodianName, Disclosure.WithheldBecause because) {}

    private static final Map<String, String> ROLES_PLURAL = Map.of(
            "gp", "GPs",
            "community-nurse", "community nurses",
            "mental-health-practitioner", "mental health practitioners",
            "social-worker", "social workers",
            "care-coordinator", "care coordinators",
            "support-worker", "support workers");

    private static final Map<String, String> SECTORS =
            Map.of("health", "health", "social-care", "social care", "voluntary", "the voluntary sector");

    private final SharingAgreement agreement;
    private final DataCustodians custodians;

    WithheldExplanations(SharingAgreement agreement, DataCustodians custodians) {
        this.agreement = agreement;
        this.custodians = custodians;
    }

    /** The kind of a record the policy withheld. */
    public Kind kindOf(IBaseResource resource, Disclosure disclosure) {
        if (disclosure.verdict() != Disclosure.Verdict.WITHHOLD) {
            throw new IllegalArgumentException("only withheld records are explained");
        }
        DataCustodians.Custodian custodian = custodians.of(resource);
        return new Kind(
                agreement.dataClassOf(resource.fhirType()).orElse(null),
                custodian.organisation(),
                custodian.organisation() == null ? null : custodian.name(),
                disclosure.because());
    }

    /** The groups, in the order given, each with its words for the caller. */
    public List<WithheldGroup> explain(Caller caller, Map<Kind, Integer> counts) {
        List<WithheldGroup> groups = new ArrayList<>();
        counts.forEach((kind, count) -> groups.add(new WithheldGroup(
                count,
                kind.dataClass(),
                kind.custodian(),
                kind.custodianName(),
                kind.because(),
                words(caller, kind, count))));
        return groups;
    }

    private String words(Caller caller, Kind kind, int count) {
        String items = count == 1 ? "1 item is not shown to you: " : count + " items are not shown to you: ";
        String what =
                (kind.dataClass() == null ? "information" : kind.dataClass().replace('-', ' ') + " information")
                        + (kind.custodianName() != null ? " from " + kind.custodianName() : "");
        if (caller.isPersonal()) {
            return items + personalWhy(caller, kind.because(), what) + ".";
        }
        String why = switch (kind.because()) {
            case NOT_FOR_THE_PERSON -> what + " is labelled as not for the person";
            case AGREEMENT ->
                what + " is shared with " + whom(caller, kind.dataClass()) + " only with the person's agreement";
            case CONSENT -> "the person has chosen not to share " + what + " with you";
            case RESTRICTED ->
                what + " is labelled restricted and is shown only to "
                        + joined(agreement.restricted().roles().stream()
                                .map(role -> ROLES_PLURAL.getOrDefault(role, role.replace('-', ' ') + "s"))
                                .toList());
        };
        return items + why + ".";
    }

    /** In words for the person or their carer, who are not staff and know no agreement clauses. */
    private static String personalWhy(Caller caller, Disclosure.WithheldBecause because, String what) {
        boolean carer = caller.kind() == Caller.Kind.CARER;
        return switch (because) {
            case AGREEMENT ->
                what + (carer ? " is not shared with carers here" : " is not shown here")
                        + ": the team member who looks after it can talk it through with "
                        + (carer ? "the person" : "you");
            case CONSENT -> "the person has not chosen to share " + what + " with you";
            case RESTRICTED -> what + " is kept to the clinicians who look after it";
            case NOT_FOR_THE_PERSON ->
                what + " holds something that is not for " + (carer ? "the person's" : "your")
                        + " own view, for example about someone else";
        };
    }

    /** The caller's sector when the agreement does not share the class with it, else their role. */
    private String whom(Caller caller, String dataClass) {
        SharingAgreement.DataClass rule =
                dataClass == null ? null : agreement.dataClasses().get(dataClass);
        boolean sectorShared = rule != null
                && rule.read().sectors() != null
                && caller.sector() != null
                && rule.read().sectors().contains(caller.sector());
        if (!sectorShared && caller.sector() != null) {
            return SECTORS.getOrDefault(caller.sector(), caller.sector().replace('-', ' '));
        }
        return "staff in your role";
    }

    private static String joined(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
