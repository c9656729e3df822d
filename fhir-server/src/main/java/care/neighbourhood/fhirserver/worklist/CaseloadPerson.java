package care.neighbourhood.fhirserver.worklist;

import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * A Patient as the caseload list keeps it: what it is sorted and searched by.
 *
 * @param personId the Patient's id
 * @param version the Patient's version; an older version never replaces a newer one
 * @param sortName {@code FAMILY, Given} in capitals, or empty when no name is recorded
 * @param birthDate the date of birth (the first day of a partial one), or null
 * @param nhsNumber the NHS number, or null
 * @param active false for a deleted Patient
 */
public record CaseloadPerson(
        String personId, long version, String sortName, LocalDate birthDate, String nhsNumber, boolean active) {

    static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    static CaseloadPerson of(Patient patient) {
        return new CaseloadPerson(
                patient.getIdElement().getIdPart(),
                WorklistRow.versionOf(patient),
                sortName(patient),
                patient.hasBirthDate() ? birthDate(patient.getBirthDateElement().getValueAsString()) : null,
                patient.getIdentifier().stream()
                        .filter(id -> NHS_NUMBER_SYSTEM.equals(id.getSystem()) && id.hasValue())
                        .map(Identifier::getValue)
                        .findFirst()
                        .orElse(null),
                true);
    }

    static CaseloadPerson deleted(Patient patient) {
        return new CaseloadPerson(
                patient.getIdElement().getIdPart(), WorklistRow.versionOf(patient) + 1, "", null, null, false);
    }

    private static String sortName(Patient patient) {
        HumanName name = patient.getName().stream()
                .filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL || n.getUse() == HumanName.NameUse.USUAL)
                .findFirst()
                .orElse(patient.getNameFirstRep());
        String family = name.hasFamily() ? name.getFamily().strip() : "";
        String given = name.getGiven().stream()
                .map(StringType::getValue)
                .filter(g -> g != null && !g.isBlank())
                .collect(Collectors.joining(" "));
        String whole = family.isEmpty() ? given : given.isEmpty() ? family : family + ", " + given;
        return whole.toUpperCase(Locale.UK);
    }

    private static LocalDate birthDate(String text) {
        if (text == null || text.length() < 4) {
            return null;
        }
        try {
            return switch (text.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1);
                case 7 -> LocalDate.parse(text + "-01");
                default -> LocalDate.parse(text.substring(0, 10));
            };
        } catch (RuntimeException e) {
            return null;
        }
    }
}
