package care.neighbourhood.portal.people;

/**
 * An organisation of the neighbourhood a task on the person's page may be handed to.
 *
 * @param code the organisation code (the Organization's id)
 * @param name e.g. {@code City Council Adult Social Care}
 */
public record HandOnOrganisation(String code, String name) {}
