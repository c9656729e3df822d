package care.neighbourhood.portal.people;

import java.util.List;

/**
 * The header of the person's page.
 *
 * @param id the Patient's resource id
 * @param name the name as said, e.g. {@code Margaret Ellis}
 * @param birthDate the date of birth for reading, e.g. {@code 14 March 1941}, or {@code null}
 * @param age in whole years today, or {@code null}
 * @param nhsNumber ten digits without spaces, or {@code null}
 * @param address the home address on one line, or {@code null}
 * @param phone the person's own phone number, or {@code null}
 * @param keyContacts carers and family (RelatedPerson)
 */
public record PersonSummary(
        String id,
        String name,
        String birthDate,
        Integer age,
        String nhsNumber,
        String address,
        String phone,
        List<KeyContact> keyContacts) {

    public PersonSummary {
        keyContacts = List.copyOf(keyContacts);
    }

    /** The NHS number in 3-3-4 groups, e.g. {@code 999 104 2113}. */
    public String nhsNumberForDisplay() {
        if (nhsNumber == null || nhsNumber.length() != 10) {
            return nhsNumber;
        }
        return nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);
    }

    /**
     * A carer, relative or other person close to them.
     *
     * @param name e.g. {@code George Ellis}
     * @param relationship e.g. {@code Son and main carer}, or {@code null}
     * @param phone or {@code null}
     */
    public record KeyContact(String name, String relationship, String phone) {}
}
