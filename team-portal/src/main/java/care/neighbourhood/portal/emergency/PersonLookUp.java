package care.neighbourhood.portal.emergency;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the user typed into the search: an NHS number, or a last name and date of birth (day, month and
 * year, as the NHS date input asks for it) with a first name to narrow it.
 */
public record PersonLookUp(String nhsNumber, String family, String given, String day, String month, String year) {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} '’.-]{0,99}");

    public PersonLookUp {
        nhsNumber = tidy(nhsNumber);
        family = tidy(family);
        given = tidy(given);
        day = tidy(day);
        month = tidy(month);
        year = tidy(year);
    }

    /** Nothing entered yet: the page shows the empty form. */
    public boolean isEmpty() {
        return nhsNumber.isEmpty()
                && family.isEmpty()
                && given.isEmpty()
                && day.isEmpty()
                && month.isEmpty()
                && year.isEmpty();
    }

    public boolean byNhsNumber() {
        return !nhsNumber.isEmpty();
    }

    /** The NHS number as ten digits (spaces removed). */
    public String nhsDigits() {
        return nhsNumber.replace(" ", "");
    }

    public LocalDate birthDate() {
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
    }

    /** What is wrong with it, if anything, in the NHS design system's words. */
    public List<FormProblem> problems(LocalDate today) {
        List<FormProblem> problems = new ArrayList<>();
        if (byNhsNumber()) {
            if (!nhsDigits().matches("\\d{10}") || !hasValidCheckDigit(nhsDigits())) {
                problems.add(new FormProblem("nhs-number", "Enter a valid 10-digit NHS number"));
            }
            return problems;
        }
        if (family.isEmpty()) {
            problems.add(new FormProblem("family", "Enter an NHS number, or a last name and date of birth"));
        } else if (!NAME.matcher(family).matches()) {
            problems.add(new FormProblem("family", "Enter the whole last name, using letters only"));
        }
        if (!given.isEmpty() && !NAME.matcher(given).matches()) {
            problems.add(new FormProblem("given", "Enter the whole first name, using letters only"));
        }
        if (day.isEmpty() && month.isEmpty() && year.isEmpty()) {
            problems.add(new FormProblem("birth-date-day", "Enter their date of birth"));
        } else if (!isRealDate()) {
            problems.add(new FormProblem("birth-date-day", "Date of birth must be a real date"));
        } else if (birthDate().isAfter(today)) {
            problems.add(new FormProblem("birth-date-day", "Date of birth must be in the past"));
        }
        return problems;
    }

    private boolean isRealDate() {
        if (!day.matches("\\d{1,2}") || !month.matches("\\d{1,2}") || !year.matches("\\d{4}")) {
            return false;
        }
        try {
            birthDate();
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    static boolean hasValidCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        return check != 10 && (check == 11 ? 0 : check) == digits.charAt(9) - '0';
    }

    private static String tidy(String value) {
        return value == null ? "" : value.strip();
    }
}
