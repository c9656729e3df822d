package care.neighbourhood.portal.system;

import care.neighbourhood.portal.security.SecurityTestConfig;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} slice needs beyond its controller: security and the page layout's model.
 * The test supplies an {@code OrganisationDirectory}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityTestConfig.class, SignedInUsers.class})
public class WebSliceTestConfig {}
