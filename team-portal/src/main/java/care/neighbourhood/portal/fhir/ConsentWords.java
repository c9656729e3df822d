package care.neighbourhood.portal.fhir;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;

/**
 * A person's sharing decision (a Consent) and the agreement's defaults, in words for the person:
 * "You have chosen not to share your record with Age Well Northbank", "You let George Ellis see your
 * plan and help write what matters to you".
 */
final class ConsentWords {

    private static final String ACTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentaction";

    private final Map<String, String> names;
    private final AgreementTerms terms;

    /** @param names organisations and carers by reference, e.g. {@code Organization/age-well} */
    ConsentWords(Map<String, String> names, AgreementTerms terms) {
        this.names = names;
        this.terms = terms;
    }

    String of(Consent consent) {
        Consent.ProvisionComponent provision = consent.getProvision();
        List<String> whom = provision.getActor().stream()
                .map(actor -> nameOf(actor.getReference()))
                .toList();
        String who = whom.isEmpty() ? "everyone named in it" : Words.joined(whom);
        String what = provision.getClass_().isEmpty()
                ? null
                : Words.joined(provision.getClass_().stream().map(this::kindOf).toList());
        boolean carer = provision.getActor().stream()
                .anyMatch(actor ->
                        String.valueOf(actor.getReference().getReference()).startsWith("RelatedPerson/"));
        return switch (provision.getType() == null ? Consent.ConsentProvisionType.NULL : provision.getType()) {
            case DENY ->
                "You have chosen not to share " + (what == null ? "your record" : "your " + what) + " with " + who;
            case PERMIT -> {
                if (carer) {
                    boolean writes =
                            provision.getAction().stream().anyMatch(a -> a.hasCoding(ACTION_SYSTEM, "correct"));
                    yield "You let " + who + " see your plan, your team and your next steps"
                            + (writes ? ", and help write what matters to you" : "");
                }
                yield "You let " + who + " see " + (what == null ? "your record" : "your " + what);
            }
            default ->
                consent.getPolicyRule().hasText()
                        ? consent.getPolicyRule().getText()
                        : "A decision about sharing your record";
        };
    }

    /** A data class as the person reads it, e.g. "clinical information (diagnoses, medicines, results)". */
    static String kindOf(AgreementTerms.DataClass dataClass) {
        return switch (dataClass.name()) {
            case "coordination" -> "plan, care team, goals, tasks and messages";
            case "clinical" -> "health information (diagnoses, observations, medicines and results)";
            case "social-care-assessment" -> "social care assessments";
            case "consent" -> "sharing decisions";
            default -> dataClass.name().replace('-', ' ') + " information";
        };
    }

    /** What the agreement shares of one kind of information, and with whom, for the person. */
    static String byDefault(AgreementTerms.DataClass dataClass) {
        String kind = kindOf(dataClass);
        String sectors = Words.sectors(dataClass.readSectors());
        String shared = Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + ": shared with the " + sectors
                + " staff in your care team";
        if (!dataClass.readRoles().isEmpty()) {
            shared += " who are " + Words.rolesPlural(dataClass.readRoles());
        }
        return dataClass.readSectors().size() < 3 && !"consent".equals(dataClass.name())
                ? shared + ", and with others only if you agree."
                : shared + ".";
    }

    private String kindOf(Coding dataClass) {
        return terms.dataClasses().stream()
                .filter(c -> c.name().equals(dataClass.getCode()))
                .map(ConsentWords::kindOf)
                .findFirst()
                .orElse(String.valueOf(dataClass.getCode()).replace('-', ' ').toLowerCase(Locale.UK));
    }

    private String nameOf(Reference reference) {
        String target = ResourceIndex.referenceOf(reference);
        if (target != null && names.containsKey(target)) {
            return names.get(target);
        }
        return reference.hasDisplay() ? reference.getDisplay() : "someone named in the decision";
    }
}
