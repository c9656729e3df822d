package care.neighbourhood.portal.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.emergency.EmergencyAccessSession;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The person's page says when the user's emergency access ends, in Europe/London time, while it lasts;
 * afterwards, and for people seen through a care relationship, it says nothing of an end. An access
 * granted in another session shows the end the server names in the access basis.
 */
@WebMvcTest(PersonController.class)
@Import({
    WebSliceTestConfig.class,
    PersonControllerTests.Fixture.class,
    EmergencyAccessSession.class,
    PersonPageEmergencyBannerTests.FixedClock.class
})
class PersonPageEmergencyBannerTests {

    static final Instant NOW = Instant.parse("2026-11-28T14:00:00Z");

    @Autowired
    MockMvc mvc;

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Test
    void theBannerSaysWhenEmergencyAccessEnds() throws Exception {
        String page = page("p-emergency", Instant.parse("2026-11-28T18:00:00Z"));
        assertThat(page)
                .contains("id=\"emergency-access\"")
                .contains("id=\"emergency-access-ends\"")
                .contains("Your emergency access ends at <strong>6:00pm on Saturday 28 November 2026</strong>");
    }

    @Test
    void anAccessGrantedInAnotherSessionShowsTheEndTheServerNamed() throws Exception {
        assertThat(page("p-emergency-elsewhere", null))
                .contains("Your emergency access ends at <strong>9:15pm on Saturday 28 November 2026</strong>");
    }

    @Test
    void anEndedAccessOrAnotherPersonSaysNothingOfAnEnd() throws Exception {
        assertThat(page("p-emergency", NOW.minusSeconds(1))).doesNotContain("id=\"emergency-access-ends\"");
        assertThat(page("p-ellis", null)).doesNotContain("emergency-access");
    }

    private String page(String personId, Instant grantEnds) throws Exception {
        MockHttpSession session = new MockHttpSession();
        EmergencyAccessSession kept = new EmergencyAccessSession();
        if (grantEnds != null) {
            kept.rememberGrant(personId, grantEnds);
        }
        session.setAttribute("scopedTarget.emergencyAccessSession", kept);
        return mvc.perform(get("/people/" + personId)
                        .with(PersonControllerTests.sam())
                        .session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }
}
