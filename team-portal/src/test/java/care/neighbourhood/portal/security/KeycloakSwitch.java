package care.neighbourhood.portal.security;

/** Keycloak's availability as a test says it is: answering unless a test turns it off. */
public class KeycloakSwitch implements SignInAvailability {

    private volatile boolean answers = true;

    @Override
    public boolean keycloakAnswers() {
        return answers;
    }

    void set(boolean answers) {
        this.answers = answers;
    }
}
