package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.PersonSummary;
import care.neighbourhood.portal.people.PersonSummary.KeyContact;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Address.AddressUse;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;

/** The header of the person's page from their Patient record and their RelatedPersons. */
final class PersonSummaries {

    private PersonSummaries() {}

    static PersonSummary summary(Patient patient, List<RelatedPerson> relatedPeople, LocalDate today) {
        String name = PatientFacts.preferredName(patient.getName())
                .map(PatientFacts::asSaid)
                .filter(text -> !text.isBlank())
                .orElse("Name not recorded");
        List<KeyContact> contacts = new ArrayList<>();
        for (RelatedPerson related : relatedPeople) {
            if (related.hasActive() && !related.getActive()) {
                continue;
            }
            contacts.add(new KeyContact(
                    PatientFacts.preferredName(related.getName())
                            .map(PatientFacts::asSaid)
                            .filter(text -> !text.isBlank())
                            .orElse("Name not recorded"),
                    Words.firstConcept(related.getRelationship()),
                    phone(related.getTelecom())));
        }
        return new PersonSummary(
                patient.getIdElement().getIdPart(),
                name,
                FhirDates.forDisplay(patient.getBirthDateElement()),
                PatientFacts.ageOn(patient, today),
                PatientFacts.nhsNumber(patient),
                address(patient.getAddress()),
                phone(patient.getTelecom()),
                contacts);
    }

    private static String phone(List<ContactPoint> telecom) {
        return telecom.stream()
                .filter(point -> point.getSystem() == ContactPointSystem.PHONE && point.hasValue())
                .map(ContactPoint::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The home address (else the first that is not old) on one line. */
    private static String address(List<Address> addresses) {
        return addresses.stream()
                .filter(address -> address.getUse() != AddressUse.OLD)
                .sorted((a, b) -> Boolean.compare(b.getUse() == AddressUse.HOME, a.getUse() == AddressUse.HOME))
                .map(PersonSummaries::oneLine)
                .filter(line -> !line.isBlank())
                .findFirst()
                .orElse(null);
    }

    private static String oneLine(Address address) {
        if (address.hasText()) {
            return address.getText();
        }
        List<String> parts = new ArrayList<>(
                address.getLine().stream().map(StringType::getValue).toList());
        parts.add(address.getCity());
        parts.add(address.getPostalCode());
        return parts.stream().filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(", "));
    }
}
