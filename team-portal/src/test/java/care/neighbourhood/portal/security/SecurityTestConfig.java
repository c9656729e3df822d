package care.neighbourhood.portal.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The portal's security set-up, for {@code @WebMvcTest} slices. */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeycloakProperties.class)
@Import({SecurityConfig.class, OAuth2ClientConfig.class, CurrentUserResolver.class, AuthorizedClientAccessTokens.class})
public class SecurityTestConfig {

    @Bean
    KeycloakSwitch keycloakSwitch() {
        return new KeycloakSwitch();
    }
}
