package care.neighbourhood.portal.system;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application clock; tests replace it with a fixed one. */
@Configuration(proxyBeanMethods = false)
class ClockConfig {

    /** The neighbourhood's own time zone decides what "today" is (ages, care team periods). */
    static final ZoneId NEIGHBOURHOOD_ZONE = ZoneId.of("Europe/London");

    @Bean
    Clock clock() {
        return Clock.system(NEIGHBOURHOOD_ZONE);
    }
}
