package care.neighbourhood.portal.system;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.CurrentUserResolver;
import care.neighbourhood.portal.security.SignInRequiredException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Works out {@link SignedInUser} for the page header. Never fails: the header is also drawn on error
 * pages, so whatever cannot be found is left out.
 */
@Component
class SignedInUsers {

    private final CurrentUserResolver currentUsers;
    private final OrganisationDirectory organisations;

    SignedInUsers(CurrentUserResolver currentUsers, OrganisationDirectory organisations) {
        this.currentUsers = currentUsers;
        this.organisations = organisations;
    }

    /** The signed-in user, or {@code null} when nobody is signed in. */
    SignedInUser signedInUser() {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken login)) {
            return null;
        }
        Optional<CurrentUser> user;
        try {
            user = currentUsers.currentUser();
        } catch (SignInRequiredException e) {
            user = Optional.empty();
        }
        if (user.isEmpty()) {
            String name = login.getPrincipal().getAttribute("name");
            return SignedInUser.withoutRoles(name != null ? name : login.getName(), null);
        }
        String code = user.get().organisationCode();
        String organisation = code == null ? null : organisations.nameOf(code).orElse(code);
        boolean auditReports = user.get().isIgOfficer();
        boolean directory = user.get().isWorkspaceAdmin();
        boolean ownRecord = user.get().isPerson() || user.get().isCarer();
        boolean caseload = user.get().hasCaseload() || !(auditReports || directory || ownRecord);
        return new SignedInUser(
                user.get().displayName(),
                organisation,
                caseload,
                auditReports,
                directory,
                ownRecord,
                user.get().isPerson());
    }
}
