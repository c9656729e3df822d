package care.neighbourhood.portal.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The landing page for signed-out users, where "Log in" starts the Keycloak login; it explains a
 * failed login, and answers 503 when Keycloak is not answering ({@link SignInAvailabilityFilter}).
 */
@Controller
class LoginPageController {

    @GetMapping(SignIn.LOGIN_PAGE)
    String loginPage(
            Authentication authentication,
            @RequestParam(name = "error", required = false) String error,
            @RequestParam(name = "unavailable", required = false) String unavailable,
            Model model,
            HttpServletResponse response) {
        if (authentication instanceof OAuth2AuthenticationToken) {
            return "redirect:/";
        }
        model.addAttribute("loginUrl", SignIn.KEYCLOAK_LOGIN);
        model.addAttribute("loginFailed", error != null);
        model.addAttribute("signInUnavailable", unavailable != null);
        if (unavailable != null) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "30");
        }
        return "home";
    }
}
