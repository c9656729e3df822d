package care.neighbourhood.fhirserver.access;

/**
 * Records of one data class, held by one organisation, kept from the caller by one rule: what the
 * caller is told about them. Never which records they are, nor anything they say.
 *
 * @param count how many records
 * @param dataClass the data class of the agreement, e.g. {@code clinical}
 * @param custodian the code of the organisation whose records they are, or {@code null} when unknown
 * @param custodianName that organisation's name, or {@code null}
 * @param because the rule that keeps them back
 * @param words the whole of it in a sentence, e.g. "1 item is not shown to you: clinical information
 *     from Riverside Medical Practice is shared with social care only with the person's agreement."
 */
public record WithheldGroup(
        int count,
        String dataClass,
        String custodian,
        String custodianName,
        Disclosure.WithheldBecause because,
        String words) {}
