package care.neighbourhood.portal.caseload;

import java.util.List;

/** Everyone on a user's caseload, as the shared care record lists them, by family name. */
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
}
