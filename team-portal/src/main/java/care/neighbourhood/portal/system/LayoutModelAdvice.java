package care.neighbourhood.portal.system;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Adds what {@code fragments/layout.html} needs to the model of every page. */
@ControllerAdvice
class LayoutModelAdvice {

    private final SignedInUsers signedInUsers;

    LayoutModelAdvice(SignedInUsers signedInUsers) {
        this.signedInUsers = signedInUsers;
    }

    @ModelAttribute("signedInUser")
    SignedInUser signedInUser() {
        return signedInUsers.signedInUser();
    }
}
