package care.neighbourhood.portal.audit;

import care.neighbourhood.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit reports' pages: the list of reports, then one page per report. */
@Controller
@RequestMapping("/audit")
class AuditReportsController {

    static final int PAGE_SIZE = 50;
    static final int DEFAULT_DAYS = 30;

    private final AuditTrail trail;
    private final SharingAgreements agreements;
    private final AuditTimes times;

    AuditReportsController(AuditTrail trail, SharingAgreements agreements, AuditTimes times) {
        this.trail = trail;
        this.agreements = agreements;
        this.times = times;
    }

    @GetMapping
    String reports(CurrentUser user) {
        IgOfficers.require(user);
        return "audit/index";
    }

    /** Who saw this person's record: asks for an NHS number, then shows one page of accesses. */
    @GetMapping("/person")
    String person(
            CurrentUser user,
            @RequestParam(name = "nhs", required = false) String nhs,
            @RequestParam(name = "offset", defaultValue = "0") int offset,
            Model model) {
        IgOfficers.require(user);
        model.addAttribute("times", times);
        model.addAttribute("nhs", nhs == null ? "" : nhs);
        if (nhs == null) {
            return "audit/person";
        }
        Optional<String> nhsNumber = NhsNumbers.parse(nhs);
        if (nhsNumber.isEmpty()) {
            model.addAttribute(
                    "errors", List.of(new FormError("nhs", "Enter an NHS number with 10 digits, like 999 123 4567")));
            return "audit/person";
        }
        model.addAttribute("nhsNumber", nhsNumber.get());
        model.addAttribute("nhsNumberForDisplay", NhsNumbers.forDisplay(nhsNumber.get()));
        model.addAttribute("page", trail.accessesToPerson(nhsNumber.get(), Math.max(0, offset), PAGE_SIZE));
        return "audit/person";
    }

    /** Refused requests since a date (by default the last 30 days). */
    @GetMapping("/denied")
    String denied(
            CurrentUser user,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "offset", defaultValue = "0") int offset,
            Model model) {
        IgOfficers.require(user);
        model.addAttribute("times", times);
        List<FormError> errors = new ArrayList<>();
        LocalDate since = DateField.read(from, times.today().minusDays(DEFAULT_DAYS), "from", "start date", errors);
        model.addAttribute("from", since != null ? since.toString() : from);
        if (!errors.isEmpty()) {
            model.addAttribute("errors", errors);
            return "audit/denied";
        }
        model.addAttribute("page", trail.deniedAccesses(since, Math.max(0, offset), PAGE_SIZE));
        return "audit/denied";
    }

    /** Accesses across sector boundaries, as a chart and as a table. */
    @GetMapping("/cross-boundary")
    String crossBoundary(
            CurrentUser user,
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "period", required = false) String period,
            Model model) {
        IgOfficers.require(user);
        model.addAttribute("times", times);
        model.addAttribute("periods", ReportingPeriod.values());
        CrossBoundaryQuery query = CrossBoundaryQuery.read(from, to, period, times.today());
        model.addAttribute("query", query);
        model.addAttribute(
                "invalid", query.errors().stream().map(FormError::fieldId).collect(Collectors.toSet()));
        if (!query.errors().isEmpty()) {
            model.addAttribute("errors", query.errors());
            return "audit/cross-boundary";
        }
        List<CrossBoundaryCount> counts = trail.crossBoundaryAccesses(query.from(), query.to(), query.period());
        model.addAttribute("counts", counts);
        model.addAttribute(
                "chart",
                CrossBoundaryChart.of(
                        counts, "from " + times.day(query.fromText()) + " to " + times.day(query.toText())));
        return "audit/cross-boundary";
    }

    /** The data-sharing agreement the shared record enforces. */
    @GetMapping("/agreement")
    String agreement(CurrentUser user, Model model) {
        IgOfficers.require(user);
        SharingAgreement agreement = agreements.current();
        model.addAttribute("times", times);
        model.addAttribute("agreement", agreement);
        model.addAttribute("dataClasses", AgreementDocument.dataClasses(agreement.document()));
        return "audit/agreement";
    }
}
