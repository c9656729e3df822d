package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * Accesses where the caller's sector differs from the sector of the organisation whose data it was,
 * counted by day, week or month and by pair of organisations: {@code AuditEvent/$cross-boundary}.
 */
@Component
class CrossBoundaryReport {

    private final AuditQueries store;

    CrossBoundaryReport(AuditQueries store) {
        this.store = store;
    }

    Parameters report(DateType from, DateType to, StringType period) {
        LocalDate end = to == null || to.getValue() == null
                ? LocalDate.now(ZoneOffset.UTC)
                : LocalDate.parse(to.getValueAsString().substring(0, 10));
        LocalDate start = from == null || from.getValue() == null
                ? end.minusDays(30)
                : LocalDate.parse(from.getValueAsString().substring(0, 10));
        if (start.isAfter(end)) {
            throw new InvalidRequestException("from must not be after to.");
        }
        String unit = period == null || period.getValue() == null ? "day" : period.getValue();
        if (!Set.of("day", "week", "month").contains(unit)) {
            throw new InvalidRequestException("period must be day, week or month.");
        }
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String[]> keys = new TreeMap<>();
        for (AuditQueries.CrossBoundaryCount row : store.crossBoundary(
                start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))) {
            LocalDate periodStart = switch (unit) {
                case "week" -> row.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case "month" -> row.day().withDayOfMonth(1);
                default -> row.day();
            };
            String key = periodStart + "|" + row.accessingOrganisation() + "|" + row.dataOrganisation();
            keys.putIfAbsent(key, new String[] {
                periodStart.toString(),
                row.accessingOrganisation(),
                row.accessingSector(),
                row.dataOrganisation(),
                row.dataSector()
            });
            counts.computeIfAbsent(key, k -> new long[1])[0] += row.count();
        }
        Parameters result = new Parameters();
        result.addParameter().setName("from").setValue(new DateType(start.toString()));
        result.addParameter().setName("to").setValue(new DateType(end.toString()));
        result.addParameter().setName("period").setValue(new StringType(unit));
        keys.forEach((key, columns) -> {
            Parameters.ParametersParameterComponent row = result.addParameter().setName("row");
            row.addPart().setName("period").setValue(new DateType(columns[0]));
            row.addPart().setName("accessingOrganisation").setValue(new StringType(columns[1]));
            row.addPart().setName("accessingSector").setValue(new StringType(columns[2]));
            row.addPart().setName("dataOrganisation").setValue(new StringType(columns[3]));
            row.addPart().setName("dataSector").setValue(new StringType(columns[4]));
            row.addPart().setName("count").setValue(new IntegerType(Math.toIntExact(counts.get(key)[0])));
        });
        return result;
    }
}
