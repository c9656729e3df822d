package care.neighbourhood.portal.fhir;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** The plain words the portal uses for codes: roles, sectors, statuses. */
final class Words {

    private static final Map<String, String> ROLES_PLURAL = Map.of(
            "gp", "GPs",
            "community-nurse", "community nurses",
            "mental-health-practitioner", "mental health practitioners",
            "social-worker", "social workers",
            "care-coordinator", "care coordinators",
            "support-worker", "support workers",
            "ig-officer", "information governance officers",
            "workspace-admin", "workspace administrators");

    private static final Map<String, String> SECTORS =
            Map.of("health", "health", "social-care", "social care", "voluntary", "voluntary sector");

    private Words() {}

    /** {@code GPs and mental health practitioners}. */
    static String rolesPlural(Collection<String> roles) {
        return joined(roles.stream()
                .map(role -> ROLES_PLURAL.getOrDefault(role, role.replace('-', ' ') + "s"))
                .toList());
    }

    /** {@code health, social care and voluntary sector}. */
    static String sectors(Collection<String> sectors) {
        return joined(sectors.stream()
                .map(sector -> SECTORS.getOrDefault(sector, sector.replace('-', ' ')))
                .toList());
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String joined(List<String> parts) {
        if (parts.isEmpty()) {
            return "";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** A FHIR code as a word: {@code in-progress} is {@code In progress}. */
    static String code(String code) {
        if (code == null || code.isBlank() || "null".equals(code)) {
            return null;
        }
        String words = code.replace('-', ' ');
        return words.substring(0, 1).toUpperCase(Locale.UK) + words.substring(1);
    }

    /** The text of a concept, else the display of its first coding that has one, else {@code null}. */
    static String concept(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return null;
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream()
                .filter(Coding::hasDisplay)
                .map(Coding::getDisplay)
                .findFirst()
                .orElse(null);
    }

    /** The first of the concepts that has words, or {@code null}. */
    static String firstConcept(List<CodeableConcept> concepts) {
        return concepts.stream()
                .map(Words::concept)
                .filter(text -> text != null && !text.isBlank())
                .findFirst()
                .orElse(null);
    }
}
