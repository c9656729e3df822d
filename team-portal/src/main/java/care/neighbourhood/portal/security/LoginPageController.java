package care.neighbourhood.portal.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The landing page for signed-out users, where "Log in" starts the Keycloak login. */
@Controller
class LoginPageController {

    @GetMapping(SignIn.LOGIN_PAGE)
    String loginPage(
            Authentication authentication, @RequestParam(name = "error", required = false) String error, Model model) {
        if (authentication instanceof OAuth2AuthenticationToken) {
            return "redirect:/";
        }
        model.addAttribute("loginUrl", SignIn.KEYCLOAK_LOGIN);
        model.addAttribute("loginFailed", error != null);
        return "home";
    }
}
