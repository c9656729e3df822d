package care.neighbourhood.portal.system;

/**
 * Who the page header says is signed in.
 *
 * @param displayName e.g. {@code Nina Patel}
 * @param organisationName e.g. {@code Northbank Community Health Trust}, the organisation code when
 *     the name cannot be looked up, or {@code null}
 */
public record SignedInUser(String displayName, String organisationName) {}
