package care.neighbourhood.fhirserver.access.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.OperationMethodBinding;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every way into the record that the endpoint serves is classified in {@link WaysIn}, and one that is
 * not is refused to every caller: an operation a new HAPI version brings stays closed until someone
 * classifies it.
 */
class WaysInTest extends FhirServerTestBase {

    private static final List<String> CALLERS = List.of(
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse"),
            TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer"),
            TestTokens.TRUSTED.token("adam.clarke", "northbank-community", "health", "workspace-admin"),
            TestTokens.TRUSTED.token(
                    "riverside-ehr",
                    "riverside-practice",
                    "health",
                    "none",
                    c -> c.claim("fhirUser", null).claim("scope", "system/*.cruds")));

    @Autowired
    RestfulServer server;

    @Test
    void everyInteractionTypeIsClassified() {
        List<RestOperationTypeEnum> unclassified = new ArrayList<>();
        for (RestOperationTypeEnum interaction : RestOperationTypeEnum.values()) {
            if (!WaysIn.isOperation(interaction) && !WaysIn.isClassified(interaction, null)) {
                unclassified.add(interaction);
            }
        }
        assertThat(unclassified).as("interaction types with no row in WaysIn").isEmpty();
    }

    @Test
    void everyOperationTheServerServesIsClassifiedAtEveryLevelAndType() {
        Set<String> unclassified = new TreeSet<>();
        for (ResourceBinding binding : server.getResourceBindings()) {
            for (BaseMethodBinding method : binding.getMethodBindings()) {
                if (method instanceof OperationMethodBinding operation) {
                    check(operation, binding.getResourceName(), unclassified);
                }
            }
        }
        for (BaseMethodBinding method : server.getServerBindings()) {
            if (method instanceof OperationMethodBinding operation) {
                check(operation, null, unclassified);
            }
        }
        assertThat(unclassified).as("operations served but not in WaysIn").isEmpty();
    }

    @Test
    void everyOperationTheCapabilityStatementNamesIsClassified() {
        CapabilityStatement capabilities = FHIR.newJsonParser()
                .parseResource(CapabilityStatement.class, get("/metadata", null).body());
        Set<String> named = new TreeSet<>();
        capabilities.getRestFirstRep().getOperation().forEach(op -> named.add("$" + op.getName()));
        capabilities
                .getRestFirstRep()
                .getResource()
                .forEach(resource -> resource.getOperation().forEach(op -> named.add("$" + op.getName())));
        assertThat(named).isNotEmpty();
        assertThat(named.stream()
                        .filter(name -> !WaysIn.isClassified(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, name)
                                && !WaysIn.isClassified(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, name)
                                && !WaysIn.isClassified(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, name))
                        .toList())
                .as("operations in the CapabilityStatement with no row in WaysIn")
                .isEmpty();
    }

    @Test
    void anOperationNobodyClassifiedIsRefusedToEveryCaller() {
        ProbeOperation probe = new ProbeOperation();
        server.registerProvider(probe);
        try {
            for (String token : CALLERS) {
                HttpResponse<String> response = get("/$harmless-probe", token);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
                assertThat(response.body()).contains("Access denied.").doesNotContain("probe answered");
            }
            assertThat(probe.calls).as("the operation itself never ran").isZero();
        } finally {
            server.unregisterProvider(probe);
            // HAPI leaves a server-level operation's binding behind when its provider goes.
            server.getServerBindings().removeIf(binding -> binding.getProvider() == probe);
        }
    }

    @Test
    void theTableReadsAsTheAccessModelSays() {
        assertThat(WaysIn.classify(RestOperationTypeEnum.READ, null, "Patient").kind())
                .isEqualTo(WaysIn.Kind.READ_ABOUT_A_PERSON);
        assertThat(WaysIn.classify(RestOperationTypeEnum.READ, null, "Organization")
                        .kind())
                .isEqualTo(WaysIn.Kind.DIRECTORY);
        assertThat(WaysIn.classify(RestOperationTypeEnum.CREATE, null, "Organization")
                        .kind())
                .isEqualTo(WaysIn.Kind.ADMINISTRATION);
        assertThat(WaysIn.classify(RestOperationTypeEnum.SEARCH_TYPE, null, "AuditEvent")
                        .kind())
                .isEqualTo(WaysIn.Kind.GOVERNANCE);
        assertThat(WaysIn.classify(RestOperationTypeEnum.DELETE, null, "AuditEvent")
                        .kind())
                .isEqualTo(WaysIn.Kind.UNSUPPORTED);
        assertThat(WaysIn.classify(RestOperationTypeEnum.READ, null, "Basic").kind())
                .isEqualTo(WaysIn.Kind.REFUSED);
        assertThat(WaysIn.classify(RestOperationTypeEnum.READ, null, "Questionnaire")
                        .kind())
                .isEqualTo(WaysIn.Kind.REFUSED);
        assertThat(WaysIn.classify(RestOperationTypeEnum.HISTORY_TYPE, null, "Condition")
                        .kind())
                .isEqualTo(WaysIn.Kind.REFUSED);
        assertThat(WaysIn.classify(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "$meta", "Condition")
                        .kind())
                .isEqualTo(WaysIn.Kind.READ_ABOUT_A_PERSON);
        assertThat(WaysIn.classify(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "$meta-delete", "Condition")
                        .kind())
                .isEqualTo(WaysIn.Kind.REFUSED);
        assertThat(WaysIn.classify(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, "$meta", "Condition")
                        .kind())
                .isEqualTo(WaysIn.Kind.REFUSED);
        assertThat(WaysIn.classify(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER, "$never-heard-of-it", null))
                .satisfies(way -> {
                    assertThat(way.kind()).isEqualTo(WaysIn.Kind.REFUSED);
                    assertThat(way.judgedBy()).isEqualTo(WaysIn.UNCLASSIFIED);
                });
        assertThat(WaysIn.classify(null, null, "Patient").kind()).isEqualTo(WaysIn.Kind.REFUSED);
    }

    /**
     * {@code docs/access.md} shows the table in force. Run with {@code -Dways-in.write=true} to write
     * it there after changing {@link WaysIn}.
     */
    @Test
    void theDocumentedTableIsTheTableInForce() throws IOException {
        Path document = Path.of("../docs/access.md");
        String text = Files.readString(document);
        int start = text.indexOf(TABLE_START);
        int end = text.indexOf(TABLE_END);
        assertThat(start).as("docs/access.md marks where the table goes").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String rendered = TABLE_START + "\n" + markdown() + TABLE_END;
        String documented = text.substring(start, end + TABLE_END.length());
        if (Boolean.getBoolean("ways-in.write") && !documented.equals(rendered)) {
            Files.writeString(document, text.replace(documented, rendered));
            documented = rendered;
        }
        assertThat(documented)
                .as("docs/access.md is out of date: run WaysInTest with -Dways-in.write=true")
                .isEqualTo(rendered);
    }

    @Test
    void everyWayOpenToPeopleAndCarersIsARowOfTheTable() {
        assertThat(WaysIn.unmatchedOpenToPeopleAndCarers()).isEmpty();
    }

    private static final String TABLE_START = "<!-- ways-in:start (written from WaysIn by WaysInTest) -->";
    private static final String TABLE_END = "<!-- ways-in:end -->";

    private static String markdown() {
        StringBuilder table = new StringBuilder(
                "| way in | applied to | is | people and carers | judged by |\n|---|---|---|---|---|\n");
        for (WaysIn.Way way : WaysIn.table()) {
            table.append("| `")
                    .append(way.name())
                    .append("` | ")
                    .append(way.target().name().toLowerCase().replace('_', ' '))
                    .append(" | ")
                    .append(way.kind().name().toLowerCase().replace('_', ' '))
                    .append(" | ")
                    .append(WaysIn.openToPeopleAndCarers(way) ? "yes" : "no")
                    .append(" | ")
                    .append(way.judgedBy())
                    .append(" |\n");
        }
        return table.toString();
    }

    private static void check(OperationMethodBinding operation, String resourceType, Set<String> unclassified) {
        List<RestOperationTypeEnum> levels = new ArrayList<>();
        if (operation.isCanOperateAtServerLevel()) {
            levels.add(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER);
        }
        if (operation.isCanOperateAtTypeLevel()) {
            levels.add(RestOperationTypeEnum.EXTENDED_OPERATION_TYPE);
        }
        if (operation.isCanOperateAtInstanceLevel()) {
            levels.add(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);
        }
        for (RestOperationTypeEnum level : levels) {
            WaysIn.Way way = WaysIn.classify(level, operation.getName(), resourceType);
            if (WaysIn.UNCLASSIFIED.equals(way.judgedBy())) {
                unclassified.add(way.name() + " on " + (resourceType == null ? "the server" : resourceType));
            }
        }
    }

    /** An operation no row of the table names. */
    public static class ProbeOperation {
        int calls;

        @Operation(name = "$harmless-probe", idempotent = true)
        public Parameters probe() {
            calls++;
            Parameters answer = new Parameters();
            answer.addParameter().setName("said").setValue(new StringType("probe answered"));
            return answer;
        }
    }
}
