package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.jpa.search.builder.predicate.ResourceIdPredicateBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;

/**
 * HAPI asks the application context for a new {@code _id} condition builder for every search; this
 * one, chosen over HAPI's own, also writes the {@link CaseloadCondition}.
 */
@Configuration
public class CaseloadSearchConfig {

    @Bean
    @Primary
    @Scope("prototype")
    public ResourceIdPredicateBuilder caseloadIdPredicateBuilder(SearchQueryBuilder searchSqlBuilder) {
        return new CaseloadIdPredicateBuilder(searchSqlBuilder);
    }
}
