package care.neighbourhood.portal.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import care.neighbourhood.portal.directory.Directory.Organisation;
import care.neighbourhood.portal.directory.Directory.StaffMember;
import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(DirectoryController.class)
@Import({WebSliceTestConfig.class, DirectoryControllerTests.Fixture.class})
class DirectoryControllerTests {

    static final String ADAM_TOKEN = TestLogins.accessToken(
            "adam.clarke",
            "Adam Clarke",
            "Practitioner/adam-clarke",
            "northbank-community",
            "health",
            List.of("workspace-admin"));

    @Autowired
    MockMvc mvc;

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture {

        @Bean
        DirectoryService directoryService() {
            return () -> new Directory(List.of(
                    new Organisation(
                            "northbank-community",
                            "Northbank Community Health Trust",
                            "Health",
                            List.of(
                                    new StaffMember("Adam Clarke", "Workspace administrator", true),
                                    new StaffMember("Nina <b>Patel</b>", "Community nurse", false))),
                    new Organisation("age-well", "Age Well Northbank", "Voluntary", List.of())));
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            return codes -> Map.of("northbank-community", "Northbank Community Health Trust");
        }
    }

    @Test
    void theAdministratorSeesTheDirectoryAndOnlyTheDirectoryInTheNavigation() throws Exception {
        String page = mvc.perform(get("/directory").with(TestLogins.signedIn("adam.clarke", "Adam Clarke", ADAM_TOKEN)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("id=\"directory-heading\">Directory<")
                .contains("Northbank Community Health Trust")
                .contains("Workspace administrator")
                .contains("Nina &lt;b&gt;Patel&lt;/b&gt;")
                .contains("nhsuk-tag nhsuk-tag--grey\">Inactive<")
                .contains("Age Well Northbank")
                .contains("No staff are recorded.")
                .contains("id=\"nav-directory\"")
                .contains("aria-current=\"page\"")
                .doesNotContain("id=\"nav-caseload\"")
                .doesNotContain("id=\"nav-audit\"");
    }

    @Test
    void staffAreNotOfferedTheDirectoryInTheNavigation() throws Exception {
        String page = mvc.perform(get("/directory").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("id=\"nav-caseload\"").doesNotContain("id=\"nav-directory\"");
    }
}
