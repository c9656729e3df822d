package care.neighbourhood.bench.portal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A member of staff signed in to the team portal the way a browser does it: the portal's OIDC
 * authorization-code flow (with PKCE) through the real Keycloak login form, then the portal's
 * session cookie on every request. Redirects are followed by hand so that each step can be checked.
 */
final class PortalSession {

    private static final Pattern LOGIN_FORM =
            Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String portal;
    /** Cookies by name: the portal's session and Keycloak's login cookies (all on localhost). */
    private final Map<String, String> cookies = new LinkedHashMap<>();

    private PortalSession(String portal) {
        this.portal = portal;
    }

    /** Signs in at the portal as this user, through Keycloak's login form. */
    static PortalSession signIn(String portal, String username, String password)
            throws IOException, InterruptedException {
        PortalSession session = new PortalSession(portal);
        HttpResponse<String> toKeycloak = session.send(URI.create(portal + "/oauth2/authorization/keycloak"), null);
        String authorize = session.redirect(toKeycloak, "the portal's way to Keycloak");
        HttpResponse<String> form = session.send(URI.create(authorize), null);
        Matcher action = LOGIN_FORM.matcher(form.body());
        if (form.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("Keycloak showed no login form: " + form.statusCode());
        }
        String body = Map.of("username", username, "password", password, "credentialId", "").entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> loggedIn = session.send(URI.create(action.group(1).replace("&amp;", "&")), body);
        String callback = session.redirect(loggedIn, "Keycloak's answer to the password");
        if (!callback.startsWith(portal)) {
            throw new IllegalStateException("Keycloak sent the browser to " + callback + ", not back to the portal");
        }
        HttpResponse<String> signedIn = session.send(URI.create(callback), null);
        session.redirect(signedIn, "the portal's sign-in");
        HttpResponse<String> start = session.get("/");
        if (start.statusCode() != 200 && start.statusCode() != 302) {
            throw new IllegalStateException("the portal's start page answered " + start.statusCode());
        }
        return session;
    }

    /** A page of the portal; a redirect to the login page means the session was lost. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(URI.create(portal + path), null);
        if (response.statusCode() == 302
                && response.headers().firstValue("Location").orElse("").contains("/login")) {
            throw new IllegalStateException("the portal asked to sign in again at " + path);
        }
        return response;
    }

    /** Sends a form of the portal (the caller includes its {@code _csrf} field). */
    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String form = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(URI.create(portal + path), form);
    }

    private String redirect(HttpResponse<String> response, String step) {
        if (response.statusCode() != 302 && response.statusCode() != 303) {
            throw new IllegalStateException(step + " answered " + response.statusCode() + " instead of a redirect");
        }
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.startsWith("/") ? portal + location : location;
    }

    private HttpResponse<String> send(URI uri, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2));
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                            .collect(Collectors.joining("; ")));
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String name = pair.substring(0, equals).trim();
                String value = pair.substring(equals + 1).trim();
                if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
        return response;
    }
}
