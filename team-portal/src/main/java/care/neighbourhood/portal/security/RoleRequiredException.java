package care.neighbourhood.portal.security;

/**
 * The signed-in user opened a part of the portal meant for another role. The portal shows a page that
 * says so in plain words; the FHIR server would refuse the data anyway.
 */
public class RoleRequiredException extends RuntimeException {

    private final String explanation;

    /**
     * @param role the realm role the page needs, for the log
     * @param explanation one sentence for the user, e.g. "These reports are for information-governance officers."
     */
    public RoleRequiredException(String role, String explanation) {
        super("The page needs the realm role " + role);
        this.explanation = explanation;
    }

    /** What the user is told. */
    public String explanation() {
        return explanation;
    }
}
