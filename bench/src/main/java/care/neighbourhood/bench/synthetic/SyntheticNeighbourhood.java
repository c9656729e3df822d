package care.neighbourhood.bench.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A synthetic neighbourhood, the same every time for the same size: people, each led by one of the
 * five sample organisations (of skewed sizes: the community trust and the council carry most), with a
 * care team of the lead and up to two other organisations, an Individual Plan, five Tasks (some
 * handed to other organisations, some closed) and, where health leads, two observations.
 *
 * <p>Sizes: S 1,000 people, M 10,000 (about 50,000 Tasks), L 100,000 (a city: the council and the
 * community trust each with tens of thousands of people on their caseloads).
 */
public final class SyntheticNeighbourhood {

    /** An organisation of the sample neighbourhood and the member of staff who registers its people. */
    public record Organisation(String id, String sector, String registeredBy, double share) {
        public boolean isHealth() {
            return "health".equals(sector);
        }
    }

    public static final List<Organisation> ORGANISATIONS = List.of(
            new Organisation("northbank-community", "health", "nina.patel", 0.40),
            new Organisation("city-council-asc", "social-care", "sam.taylor", 0.30),
            new Organisation("riverside-practice", "health", "omar.hassan", 0.15),
            new Organisation("age-well", "voluntary", "ben.carter", 0.10),
            new Organisation("northbank-mental-health", "health", "maya.okafor", 0.05));

    public enum Size {
        S(1_000),
        M(10_000),
        L(100_000);

        public final int people;

        Size(int people) {
            this.people = people;
        }

        /** The size of this name ({@code bench.size}), in either case. */
        public static Size named(String name) {
            for (Size size : values()) {
                if (size.name().equalsIgnoreCase(name.trim())) {
                    return size;
                }
            }
            throw new IllegalArgumentException("bench.size must be S, M or L, not '" + name + "'");
        }
    }

    /**
     * One synthetic person: their number, the organisation that leads their care, the organisations on
     * their care team, and the owners and states of their five Tasks.
     */
    public record Person(int number, Organisation lead, Set<Organisation> team, List<SyntheticTask> tasks) {

        public String placeholder() {
            return "urn:uuid:" + UUID.nameUUIDFromBytes(("bench-person-" + number).getBytes());
        }

        public String nhsNumber() {
            return String.format("8%09d", number);
        }

        /** Whether this organisation has a care relationship with the person (team, or an open Task it owns). */
        public boolean isRelatedTo(Organisation organisation) {
            return team.contains(organisation)
                    || tasks.stream()
                            .anyMatch(task -> task.open() && task.owner().equals(organisation));
        }
    }

    public record SyntheticTask(Organisation owner, String status, String priority, LocalDate authoredOn) {
        public boolean open() {
            return !"completed".equals(status) && !"cancelled".equals(status);
        }
    }

    private static final String[] STATUSES = {"requested", "requested", "in-progress", "in-progress", "completed"};
    private static final String[] PRIORITIES = {"routine", "routine", "routine", "urgent", "asap"};

    private final Size size;

    public SyntheticNeighbourhood(Size size) {
        this.size = size;
    }

    public Size size() {
        return size;
    }

    /** Everyone, in order; person {@code n} is the same for every run at every size it belongs to. */
    public List<Person> people() {
        List<Person> people = new ArrayList<>(size.people);
        for (int n = 0; n < size.people; n++) {
            people.add(person(n));
        }
        return people;
    }

    /**
     * The first {@code wanted} people ({@code bench.people}; everyone when blank). Person {@code n} is
     * the same at every size, so the first 30,000 of size L are a slice of the city whose largest
     * caseload already holds more than 20,000 people, loaded in a third of the time.
     */
    public List<Person> firstPeople(String wanted) {
        List<Person> everyone = people();
        if (wanted == null || wanted.isBlank()) {
            return everyone;
        }
        int count;
        try {
            count = Integer.parseInt(wanted.trim());
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > everyone.size()) {
            throw new IllegalArgumentException("bench.people must be a whole number from 1 to " + everyone.size()
                    + " for this size, not '" + wanted + "'");
        }
        return everyone.subList(0, count);
    }

    /** How many of these people each organisation has a care relationship with, for the report. */
    public static String caseloads(List<Person> people) {
        return "caseloads "
                + ORGANISATIONS.stream()
                        .map(organisation -> organisation.id() + " "
                                + people.stream()
                                        .filter(person -> person.isRelatedTo(organisation))
                                        .count())
                        .collect(java.util.stream.Collectors.joining(", "));
    }

    static Person person(int number) {
        Random random = new Random(7919L * number + 17);
        Organisation lead = pick(random);
        Set<Organisation> team = new LinkedHashSet<>();
        team.add(lead);
        int others = random.nextInt(3);
        for (int i = 0; i < others; i++) {
            team.add(pick(random));
        }
        List<SyntheticTask> tasks = new ArrayList<>(5);
        LocalDate base = LocalDate.of(2026, 11, 1);
        for (int i = 0; i < 5; i++) {
            Organisation owner = random.nextInt(4) == 0 ? pick(random) : lead;
            tasks.add(new SyntheticTask(
                    owner,
                    STATUSES[random.nextInt(STATUSES.length)],
                    PRIORITIES[random.nextInt(PRIORITIES.length)],
                    base.minusDays(random.nextInt(120))));
        }
        return new Person(number, lead, team, tasks);
    }

    private static Organisation pick(Random random) {
        double roll = random.nextDouble();
        double cumulative = 0;
        for (Organisation organisation : ORGANISATIONS) {
            cumulative += organisation.share();
            if (roll < cumulative) {
                return organisation;
            }
        }
        return ORGANISATIONS.get(0);
    }
}
