package care.neighbourhood.portal.audit;

import care.neighbourhood.portal.security.CurrentUser;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * CSV downloads of the reports, with the same parameters as their pages. Parameters the page would
 * reject send the officer to the page, which explains what is wrong.
 */
@Controller
@RequestMapping("/audit")
class AuditExportController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final AuditExports exports;
    private final AuditTimes times;

    AuditExportController(AuditExports exports, AuditTimes times) {
        this.exports = exports;
        this.times = times;
    }

    @GetMapping("/person.csv")
    ResponseEntity<String> person(CurrentUser user, @RequestParam(name = "nhs", required = false) String nhs) {
        IgOfficers.require(user);
        Optional<String> nhsNumber = NhsNumbers.parse(nhs);
        if (nhsNumber.isEmpty()) {
            return backTo(UriComponentsBuilder.fromPath("/audit/person").queryParam("nhs", nhs == null ? "" : nhs));
        }
        return download(
                "audit-person-" + nhsNumber.get() + "-" + times.today() + ".csv",
                exports.accessesToPerson(nhsNumber.get()));
    }

    @GetMapping("/denied.csv")
    ResponseEntity<String> denied(CurrentUser user, @RequestParam(name = "from", required = false) String from) {
        IgOfficers.require(user);
        List<FormError> errors = new ArrayList<>();
        LocalDate since = DateField.read(
                from, times.today().minusDays(AuditReportsController.DEFAULT_DAYS), "from", "start date", errors);
        if (!errors.isEmpty()) {
            return backTo(UriComponentsBuilder.fromPath("/audit/denied").queryParam("from", from));
        }
        return download("audit-denied-from-" + since + ".csv", exports.deniedAccesses(since));
    }

    @GetMapping("/cross-boundary.csv")
    ResponseEntity<String> crossBoundary(
            CurrentUser user,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "period", required = false) String period) {
        IgOfficers.require(user);
        CrossBoundaryQuery query = CrossBoundaryQuery.read(from, to, period, times.today());
        if (!query.errors().isEmpty()) {
            return backTo(UriComponentsBuilder.fromPath("/audit/cross-boundary")
                    .queryParam("from", from == null ? "" : from)
                    .queryParam("to", to == null ? "" : to)
                    .queryParam("period", period == null ? "" : period));
        }
        return download(
                "audit-cross-boundary-" + query.from() + "-to-" + query.to() + "-by-"
                        + query.period().code() + ".csv",
                exports.crossBoundaryAccesses(query.from(), query.to(), query.period()));
    }

    @GetMapping("/break-glass.csv")
    ResponseEntity<String> breakGlass(CurrentUser user) {
        IgOfficers.require(user);
        return download("audit-break-glass-queue-" + times.today() + ".csv", exports.breakGlassQueue());
    }

    private static ResponseEntity<String> download(String filename, String csv) {
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(csv);
    }

    private static ResponseEntity<String> backTo(UriComponentsBuilder page) {
        return ResponseEntity.status(303)
                .header(HttpHeaders.LOCATION, page.encode().build().toUriString())
                .build();
    }
}
