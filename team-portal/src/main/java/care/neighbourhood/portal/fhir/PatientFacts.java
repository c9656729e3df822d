package care.neighbourhood.portal.fhir;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/** What every page says about a person: their name, age and NHS number, read the same way everywhere. */
final class PatientFacts {

    static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    private PatientFacts() {}

    /** The official name, else the usual one, else any that is not marked old. */
    static Optional<HumanName> preferredName(List<HumanName> all) {
        List<HumanName> names =
                all.stream().filter(name -> name.getUse() != NameUse.OLD).toList();
        return names.stream()
                .filter(name -> name.getUse() == NameUse.OFFICIAL)
                .findFirst()
                .or(() -> names.stream()
                        .filter(name -> name.getUse() == NameUse.USUAL)
                        .findFirst())
                .or(() -> names.stream().findFirst());
    }

    /**
     * {@code ELLIS, Margaret}: family name in capitals first, as the NHS common user interface shows
     * patient names in lists.
     */
    static String familyFirst(HumanName name) {
        String given = given(name);
        if (!name.hasFamily()) {
            return given.isEmpty() && name.hasText() ? name.getText() : given;
        }
        String family = name.getFamily().toUpperCase(Locale.UK);
        return given.isEmpty() ? family : family + ", " + given;
    }

    /** {@code Margaret Ellis}: the name as said, for headings. */
    static String asSaid(HumanName name) {
        if (name.hasText() && !name.hasFamily() && !name.hasGiven()) {
            return name.getText();
        }
        String given = given(name);
        String family = name.hasFamily() ? name.getFamily() : "";
        return (given + " " + family).strip();
    }

    static String listName(Patient patient) {
        return preferredName(patient.getName())
                .map(PatientFacts::familyFirst)
                .filter(name -> !name.isBlank())
                .orElse("Name not recorded");
    }

    static Integer ageOn(Patient patient, LocalDate today) {
        LocalDate birthDate = FhirDates.firstDay(patient.getBirthDateElement());
        if (birthDate == null || birthDate.isAfter(today)) {
            return null;
        }
        return Period.between(birthDate, today).getYears();
    }

    /** The 10-digit NHS number without spaces, or {@code null}. */
    static String nhsNumber(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(identifier -> NHS_NUMBER_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .filter(value -> value != null && !value.isBlank())
                .map(value -> value.replace(" ", ""))
                .findFirst()
                .orElse(null);
    }

    private static String given(HumanName name) {
        return name.getGiven().stream()
                .map(StringType::getValue)
                .filter(value -> value != null && !value.isBlank())
                .collect(Collectors.joining(" "));
    }
}
