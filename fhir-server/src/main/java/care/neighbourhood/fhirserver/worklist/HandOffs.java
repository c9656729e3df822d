package care.neighbourhood.fhirserver.worklist;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Hand-offs between sectors: tasks about the caseload's people that someone in one sector asked
 * another sector to do, counted by the week they were asked for (weeks start on Monday, London), from
 * the sector of who asked ({@code requester}) to the sector of who holds the task now ({@code owner}).
 * A task within one sector, or naming someone the directory does not place, is no hand-off.
 */
@Component
class HandOffs {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final TeamFigures figures;
    private final Sectors sectors;

    HandOffs(TeamFigures figures, Sectors sectors) {
        this.figures = figures;
        this.sectors = sectors;
    }

    /** The week's hand-offs from one sector to another. */
    record Week(LocalDate monday, String from, String to, int tasks) {}

    /** Each week's hand-offs in the period, by week, then sector from and to. */
    List<Week> between(WorklistTable.Viewer viewer, Instant from, Instant to, Instant now) {
        List<TeamFigures.Request> requests = figures.requests(viewer, from, to, now);
        if (requests.isEmpty()) {
            return List.of();
        }
        Sectors.Directory directory = sectors.current();
        Map<Week, Integer> counts = new TreeMap<>(
                Comparator.comparing(Week::monday).thenComparing(Week::from).thenComparing(Week::to));
        for (TeamFigures.Request request : requests) {
            String asking = directory.of(request.requester());
            String holding = directory.of(request.owner());
            if (asking == null || holding == null || asking.equals(holding)) {
                continue;
            }
            LocalDate monday = request.requested()
                    .atZone(LONDON)
                    .toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            counts.merge(new Week(monday, asking, holding, 0), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .map(entry -> new Week(
                        entry.getKey().monday(),
                        entry.getKey().from(),
                        entry.getKey().to(),
                        entry.getValue()))
                .toList();
    }
}
