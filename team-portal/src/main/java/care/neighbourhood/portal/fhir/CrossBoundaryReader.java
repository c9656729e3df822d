package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.audit.CrossBoundaryCount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * Reads the rows of {@code AuditEvent/$cross-boundary} (one {@code row} per period and organisation
 * pair, with parts {@code period}, {@code accessingOrganisation}, {@code accessingSector}, {@code
 * dataOrganisation}, {@code dataSector} and {@code count}). Organisations may come as a reference, an
 * identifier or a code; a missing or unreadable part is left blank (a count, zero). No I/O.
 */
final class CrossBoundaryReader {

    private CrossBoundaryReader() {}

    static List<CrossBoundaryCount> read(Parameters result, Map<String, String> organisationNames) {
        List<CrossBoundaryCount> rows = new ArrayList<>();
        for (ParametersParameterComponent row : rows(result)) {
            rows.add(new CrossBoundaryCount(
                    text(part(row, "period")),
                    organisation(part(row, "accessingOrganisation"), organisationNames),
                    text(part(row, "accessingSector")),
                    organisation(part(row, "dataOrganisation"), organisationNames),
                    text(part(row, "dataSector")),
                    count(part(row, "count"))));
        }
        return rows;
    }

    /** The codes of the organisations the rows name, for looking their names up. */
    static Set<String> organisationCodes(Parameters result) {
        Set<String> codes = new LinkedHashSet<>();
        for (ParametersParameterComponent row : rows(result)) {
            for (String name : List.of("accessingOrganisation", "dataOrganisation")) {
                String code = organisationCode(part(row, name));
                if (!code.isEmpty()) {
                    codes.add(code);
                }
            }
        }
        return codes;
    }

    private static List<ParametersParameterComponent> rows(Parameters result) {
        if (result == null) {
            return List.of();
        }
        return result.getParameter().stream()
                .filter(parameter -> "row".equals(parameter.getName()))
                .toList();
    }

    private static Type part(ParametersParameterComponent row, String name) {
        return row.getPart().stream()
                .filter(part -> name.equals(part.getName()))
                .map(ParametersParameterComponent::getValue)
                .filter(value -> value != null && !value.isEmpty())
                .findFirst()
                .orElse(null);
    }

    private static String organisation(Type value, Map<String, String> names) {
        String code = organisationCode(value);
        if (!code.isEmpty() && names.containsKey(code)) {
            return names.get(code);
        }
        if (value instanceof Reference reference && reference.hasDisplay()) {
            return reference.getDisplay();
        }
        return code.isEmpty() ? text(value) : code;
    }

    /** {@code city-council-asc} from {@code Organization/city-council-asc}, an identifier or a code. */
    private static String organisationCode(Type value) {
        if (value instanceof Reference reference) {
            String literal = ResourceIndex.referenceOf(reference);
            if (literal != null && literal.startsWith("Organization/")) {
                return ResourceIndex.idPart(literal);
            }
            return reference.hasIdentifier() && reference.getIdentifier().hasValue()
                    ? reference.getIdentifier().getValue()
                    : "";
        }
        String text = text(value);
        return text.startsWith("Organization/") ? ResourceIndex.idPart(text) : text;
    }

    private static String text(Type value) {
        if (value == null) {
            return "";
        }
        if (value instanceof PrimitiveType<?> primitive) {
            String text = primitive.getValueAsString();
            return text == null ? "" : text;
        }
        if (value instanceof Coding coding) {
            return coding.hasCode() ? coding.getCode() : coding.getDisplay() == null ? "" : coding.getDisplay();
        }
        if (value instanceof Identifier identifier) {
            return identifier.hasValue() ? identifier.getValue() : "";
        }
        if (value instanceof Reference reference) {
            return reference.hasReference()
                    ? reference.getReference()
                    : reference.hasDisplay() ? reference.getDisplay() : "";
        }
        return "";
    }

    private static long count(Type value) {
        try {
            return Long.parseLong(text(value).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
