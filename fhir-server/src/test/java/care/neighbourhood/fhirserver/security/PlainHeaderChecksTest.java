package care.neighbourhood.fhirserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The plain header checks agree with Spring Security's own, header by header. */
class PlainHeaderChecksTest {

    private static final Pattern SPRING_HEADER_TEXT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer abc.DEF-123_~+/xyz",
                "Bearer abc==",
                "bearer abc",
                "BEARER abc=",
                "Bearer ",
                "Bearer",
                "Bearerabc",
                "Bearer  abc",
                "Bearer abc def",
                "Bearer abc=def",
                "Bearer ab%c",
                "Bearer =",
                "Basic dXNlcjpwYXNz",
                "Token abc",
                "",
                "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
            })
    void bearerTokensAreReadAsSpringReadsThem(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", header);
        assertThat(outcome(() -> PlainHeaderChecks.bearerToken(request)))
                .as(header)
                .isEqualTo(outcome(() -> new DefaultBearerTokenResolver().resolve(request)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain text",
                "Bearer abc",
                "tab\there",
                "new\nline",
                "nul\u0000",
                "del\u007f",
                "é ü ß",
                "\uD83D\uDE00",
                "unassigned\u0378",
                "bell\u0007",
                "next\u0085line",
                ""
            })
    void headerTextIsAllowedAsSpringAllowsIt(String text) {
        assertThat(PlainHeaderChecks.assignedAndNotControl(text))
                .as(text)
                .isEqualTo(SPRING_HEADER_TEXT.matcher(text).matches());
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token " + resolve.get();
        } catch (RuntimeException e) {
            return "refused " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }
}
