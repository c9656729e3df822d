package care.neighbourhood.fhirserver.security;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Serves every request through Spring Security's own filter chain rather than through the wrapper
 * Spring Security puts around it when Spring MVC is present. The wrapper runs Spring MVC's handler
 * lookup on every request so that MVC request matchers can reuse it; this server matches paths with
 * plain path patterns and its FHIR endpoint is a servlet of its own, so the lookup found nothing and
 * cost every FHIR request about a twentieth of its processor time.
 *
 * <p>Runs after every bean definition is registered (Spring Security replaces the chain's definition
 * while definitions are registered) and before any bean is made.
 */
final class SecurityFilterChainUnwrapped implements BeanFactoryPostProcessor {

    static final String FILTER_CHAIN = "springSecurityFilterChain";
    /** The wrapper Spring Security adds for Spring MVC, around or inside its own path-caching one. */
    private static final String MVC_WRAPPER = "WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    private static final Logger log = LoggerFactory.getLogger(SecurityFilterChainUnwrapped.class);

    private boolean unwrapped;

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry)
                || !registry.containsBeanDefinition(FILTER_CHAIN)) {
            return;
        }
        BeanDefinition chain = registry.getBeanDefinition(FILTER_CHAIN);
        if (isMvcWrapper(chain)) {
            wrapped(chain).ifPresent(inner -> {
                registry.removeBeanDefinition(FILTER_CHAIN);
                registry.registerBeanDefinition(FILTER_CHAIN, inner);
                unwrapped = true;
            });
        } else {
            filters(chain).ifPresent(filters -> {
                for (int i = 0; i < filters.size(); i++) {
                    if (filters.get(i) instanceof BeanDefinition inner && isMvcWrapper(inner)) {
                        int at = i;
                        wrapped(inner).ifPresent(innermost -> {
                            filters.set(at, innermost);
                            unwrapped = true;
                        });
                    }
                }
            });
        }
        if (!unwrapped) {
            log.warn("Spring Security's filter chain is not wrapped for Spring MVC in a way known here; left as it is");
        }
    }

    /** Whether Spring MVC's wrapper was found and taken away. */
    boolean unwrapped() {
        return unwrapped;
    }

    private static boolean isMvcWrapper(BeanDefinition definition) {
        String type = definition.getBeanClassName();
        return type != null && type.endsWith(MVC_WRAPPER);
    }

    /** What a wrapper wraps: its second filter (the first is the one it adds). */
    private static Optional<BeanDefinition> wrapped(BeanDefinition wrapper) {
        return filters(wrapper)
                .filter(filters -> filters.size() == 2 && filters.get(1) instanceof BeanDefinition)
                .map(filters -> (BeanDefinition) filters.get(1));
    }

    @SuppressWarnings("unchecked")
    private static Optional<List<Object>> filters(BeanDefinition composite) {
        ConstructorArgumentValues.ValueHolder argument =
                composite.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
        return argument != null && argument.getValue() instanceof List<?> filters
                ? Optional.of((List<Object>) filters)
                : Optional.empty();
    }
}
