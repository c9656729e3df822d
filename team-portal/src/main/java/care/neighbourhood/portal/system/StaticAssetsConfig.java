package care.neighbourhood.portal.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The build copies nhsuk-frontend's compiled CSS, JS and assets to {@code static/nhsuk/}. Its
 * stylesheet refers to icons as {@code /assets/images/...}, so that path serves the same assets.
 */
@Configuration(proxyBeanMethods = false)
class StaticAssetsConfig implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**").addResourceLocations("classpath:/static/nhsuk/assets/");
    }
}
