package care.neighbourhood.portal.caseload;

import java.util.List;

/** The people on a user's caseload, in the order they are shown (by family name). */
public record Caseload(List<PersonOnCaseload> people) {

    public Caseload {
        people = List.copyOf(people);
    }

    public static Caseload empty() {
        return new Caseload(List.of());
    }

    public int size() {
        return people.size();
    }

    public boolean isEmpty() {
        return people.isEmpty();
    }

    /** "1 person" or "9 people", for the heading. */
    public String headcount() {
        return size() == 1 ? "1 person" : size() + " people";
    }
}
