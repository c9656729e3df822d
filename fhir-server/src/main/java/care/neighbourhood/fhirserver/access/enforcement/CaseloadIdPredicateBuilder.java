package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.jpa.search.builder.QueryStack;
import ca.uhn.fhir.jpa.search.builder.predicate.ResourceIdPredicateBuilder;
import ca.uhn.fhir.jpa.search.builder.sql.SearchQueryBuilder;
import ca.uhn.fhir.model.api.IQueryParameterType;
import com.healthmarketscience.sqlbuilder.ComboCondition;
import com.healthmarketscience.sqlbuilder.Condition;
import com.healthmarketscience.sqlbuilder.CustomSql;
import com.healthmarketscience.sqlbuilder.InCondition;
import com.healthmarketscience.sqlbuilder.Subquery;
import com.healthmarketscience.sqlbuilder.dbspec.basic.DbColumn;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * HAPI's builder of {@code _id} conditions, which also writes the {@link CaseloadCondition}: the
 * record's person (the Patient itself, or the target of the record's {@code patient} reference)
 * must be on the caseload of the named practitioners and organisations in the care access table.
 * The database joins on the table's grantee index, so the query costs the same for a caseload of
 * fifty people as for fifty thousand, and holds no list of ids. Every other {@code _id} condition is
 * HAPI's own.
 */
public class CaseloadIdPredicateBuilder extends ResourceIdPredicateBuilder {

    public CaseloadIdPredicateBuilder(SearchQueryBuilder searchSqlBuilder) {
        super(searchSqlBuilder);
    }

    @Override
    public Condition createPredicateResourceId(QueryStack.SearchForIdsParams params) {
        List<Condition> onCaseloads = new ArrayList<>();
        List<List<IQueryParameterType>> others = new ArrayList<>();
        for (List<IQueryParameterType> anyOf : params.getAndOrParams()) {
            Optional<List<String>> grantees =
                    anyOf.size() == 1 ? CaseloadCondition.granteesIn(anyOf.get(0)) : Optional.empty();
            if (grantees.isPresent()) {
                onCaseloads.add(onCaseloadOf(params, grantees.get()));
            } else {
                others.add(anyOf);
            }
        }
        if (onCaseloads.isEmpty()) {
            return super.createPredicateResourceId(params);
        }
        if (!others.isEmpty()) {
            Condition theirs = super.createPredicateResourceId(params.setAndOrParams(others));
            if (theirs != null) {
                onCaseloads.add(theirs);
            }
        }
        return onCaseloads.size() == 1 ? onCaseloads.get(0) : ComboCondition.and(onCaseloads.toArray());
    }

    private Condition onCaseloadOf(QueryStack.SearchForIdsParams params, List<String> grantees) {
        DbColumn person = params.getSourceJoinColumn() == null
                ? getOrCreateQueryRootTable(true).getResourceIdColumn()
                : getResourceIdColumn(params.getSourceJoinColumn());
        String granteeMarks = grantees.stream().map(this::bound).collect(Collectors.joining(","));
        String people = "select a.person_pid from nw_care_access a where a.grantee in (" + granteeMarks
                + ") and (a.expires is null or a.expires > " + bound(LocalDateTime.now(ZoneOffset.UTC)) + ")";
        return new InCondition(person, new Subquery(new CustomSql(people)));
    }

    /**
     * A bind variable, written the way HAPI's query builder writes its own (a quoted placeholder,
     * which it replaces with {@code ?} when it generates the statement).
     */
    private String bound(Object value) {
        return "'" + getSearchQueryBuilder().generatePlaceholder(value) + "'";
    }
}
