package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.people.CareTeamPage.Choice;
import care.neighbourhood.portal.people.NotChangedBecause;
import care.neighbourhood.portal.people.PlanNotChangedException;
import care.neighbourhood.portal.people.SharingChoices;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.stereotype.Service;

/**
 * A person's sharing choices as FHIR Consents made by the person: an opt-out of an organisation
 * ({@code deny}, the organisation as actor), a permit of a data class to an organisation, a permit of
 * the coordination record to a carer (with the action {@code correct} when the carer may help write
 * it). Withdrawing one makes it inactive; the FHIR server takes each into account on the next request.
 */
@Service
class FhirSharingChoices implements SharingChoices {

    static final String DATA_CLASS_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/data-class";
    private static final String ACTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentaction";
    private static final String COORDINATION = "coordination";
    private static final String SECTOR_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/sector";
    /** A choice naming every organisation of a sector, e.g. {@code sector:social-care}. */
    static final String SECTOR_PREFIX = "sector:";

    private final FhirSearches searches;
    private final IGenericClient client;
    private final FhirAgreementTerms agreement;
    private final NeighbourhoodOrganisations neighbourhood;
    private final Clock clock;

    FhirSharingChoices(
            FhirSearches searches,
            IGenericClient client,
            FhirAgreementTerms agreement,
            NeighbourhoodOrganisations neighbourhood,
            Clock clock) {
        this.searches = searches;
        this.client = client;
        this.agreement = agreement;
        this.neighbourhood = neighbourhood;
        this.clock = clock;
    }

    @Override
    public SharingPage pageOf(CurrentUser user, String personId) {
        Patient person =
                searches.read("reading the person", Patient.class, personId).resource();
        AgreementTerms terms = agreement.current();
        List<Choice> organisations = new ArrayList<>(neighbourhood.all().stream()
                .map(o -> new Choice("Organization/" + o.code(), o.name()))
                .toList());
        sectors()
                .forEach((sector, members) -> organisations.add(new Choice(
                        SECTOR_PREFIX + sector,
                        "All " + Words.sectors(List.of(sector)) + " organisations: "
                                + Words.joined(
                                        members.stream().map(Choice::label).toList()))));
        List<Choice> carers = carersOf(personId);
        Map<String, String> names = new LinkedHashMap<>();
        organisations.forEach(o -> names.put(o.value(), o.label()));
        carers.forEach(c -> names.put(c.value(), c.label()));
        ConsentWords words = new ConsentWords(names, terms);
        List<Decision> decisions = searches
                .all(
                        "reading the person's sharing decisions",
                        c -> c.search()
                                .forResource(Consent.class)
                                .where(Consent.PATIENT.hasId("Patient/" + personId))
                                .where(Consent.STATUS.exactly().code("active"))
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Consent.class::isInstance)
                .map(Consent.class::cast)
                .sorted(Comparator.comparing(Consent::getDateTime, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(consent -> new Decision(
                        consent.getIdElement().getIdPart(),
                        consent.getIdElement().getVersionIdPart(),
                        words.of(consent),
                        FhirDates.forDisplay(consent.getDateTimeElement())))
                .toList();
        List<Choice> dataClasses = terms.dataClasses().stream()
                .filter(c -> !c.name().equals(COORDINATION) && !c.name().equals("consent"))
                .map(c -> new Choice(c.name(), ConsentWords.kindOf(c)))
                .toList();
        return new SharingPage(
                PatientFacts.preferredName(person.getName())
                        .map(PatientFacts::asSaid)
                        .orElse("you"),
                terms.dataClasses().stream().map(ConsentWords::byDefault).toList(),
                decisions,
                organisations,
                dataClasses,
                carers);
    }

    @Override
    public String stopSharingWith(CurrentUser user, String personId, String organisation) {
        List<Choice> whom = recipients(organisation);
        String name = Words.joined(whom.stream().map(Choice::label).toList());
        Consent consent = decision(
                user, personId, Consent.ConsentProvisionType.DENY, whom, "Stop sharing my record with " + name);
        save(consent);
        return name + " will no longer see your plan or anything else in your record.";
    }

    @Override
    public String letSee(CurrentUser user, String personId, String organisation, String dataClass) {
        List<Choice> whom = recipients(organisation);
        String name = Words.joined(whom.stream().map(Choice::label).toList());
        String kind = agreement.current().dataClasses().stream()
                .filter(c -> c.name().equals(dataClass))
                .map(ConsentWords::kindOf)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown data class " + dataClass));
        Consent consent =
                decision(user, personId, Consent.ConsentProvisionType.PERMIT, whom, "Let " + name + " see my " + kind);
        consent.getProvision().addClass_(new Coding(DATA_CLASS_SYSTEM, dataClass, null));
        save(consent);
        return name + " can now see your " + kind + ".";
    }

    @Override
    public String letCarerSee(CurrentUser user, String personId, String carer, boolean mayWrite) {
        String name = carersOf(personId).stream()
                .filter(c -> c.value().equals(carer))
                .map(Choice::label)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a carer of the person: " + carer));
        Consent consent = decision(
                user,
                personId,
                Consent.ConsentProvisionType.PERMIT,
                List.of(new Choice(carer, name)),
                "Let " + name + " see my plan" + (mayWrite ? " and help write what matters to me" : ""));
        consent.getProvision().addClass_(new Coding(DATA_CLASS_SYSTEM, COORDINATION, null));
        CodeableConcept actions = consent.getProvision().addAction();
        actions.addCoding(new Coding(ACTION_SYSTEM, "access", "Access"));
        if (mayWrite) {
            actions.addCoding(new Coding(ACTION_SYSTEM, "correct", "Access and Correct"));
        }
        save(consent);
        return name + " can now see your plan, your team and your next steps"
                + (mayWrite ? ", and help write what matters to you." : ".");
    }

    @Override
    public String withdraw(CurrentUser user, String personId, String decisionId, String seenVersion) {
        Consent consent = searches.read("reading the sharing decision", Consent.class, decisionId)
                .resource();
        if (!("Patient/" + personId).equals(ResourceIndex.referenceOf(consent.getPatient()))) {
            throw new FhirServiceException(
                    FhirServiceException.Reason.NOT_FOUND, 404, "not the person's decision: " + decisionId, null);
        }
        String words = new ConsentWords(Map.of(), agreement.current()).of(consent);
        consent.setStatus(Consent.ConsentState.INACTIVE);
        boolean madeByThem = consent.getPerformer().stream()
                .anyMatch(p -> user.practitionerReference().equals(ResourceIndex.referenceOf(p)));
        if (!madeByThem) {
            consent.addPerformer(new Reference(user.practitionerReference()).setDisplay(user.displayName()));
        }
        consent.setId(new IdType("Consent", decisionId));
        consent.getMeta().setVersionId(null);
        try {
            client.update()
                    .resource(consent)
                    .withAdditionalHeader("If-Match", "W/\"" + seenVersion + "\"")
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw refusal(e);
        }
        return "Withdrawn: " + lowerFirst(words) + ". This takes effect straight away.";
    }

    private Consent decision(
            CurrentUser user, String personId, Consent.ConsentProvisionType type, List<Choice> actors, String words) {
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
        consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
        consent.setPatient(new Reference("Patient/" + personId));
        consent.setDateTime(Date.from(clock.instant()));
        consent.addPerformer(new Reference(user.practitionerReference()).setDisplay(user.displayName()));
        consent.getPolicyRule().setText(words);
        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(type);
        provision.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(Date.from(clock.instant())));
        for (Choice actor : actors) {
            provision
                    .addActor()
                    .setRole(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                            "IRCP",
                            "information recipient")))
                    .setReference(new Reference(actor.value()).setDisplay(actor.label()));
        }
        return consent;
    }

    private void save(Consent consent) {
        try {
            client.create().resource(consent).execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw refusal(e);
        }
    }

    private static PlanNotChangedException refusal(RuntimeException cause) {
        FhirServiceException failure = FhirFailures.translate("recording a sharing choice", cause);
        return switch (failure.statusCode()) {
            case 409, 412 ->
                new PlanNotChangedException(
                        NotChangedBecause.CHANGED_MEANWHILE,
                        "This decision was changed just now, somewhere else. Check it below, then try again.",
                        null,
                        null,
                        failure);
            case 403 ->
                new PlanNotChangedException(
                        NotChangedBecause.REFUSED,
                        "The shared care record did not let you make this choice.",
                        null,
                        null,
                        failure);
            default -> throw failure;
        };
    }

    /**
     * The organisations a choice names: one ({@code Organization/<code>}), or every organisation of
     * a sector as the directory has them now ({@code sector:<code>}).
     */
    private List<Choice> recipients(String choice) {
        if (choice.startsWith(SECTOR_PREFIX)) {
            List<Choice> members = sectors().get(choice.substring(SECTOR_PREFIX.length()));
            if (members == null || members.isEmpty()) {
                throw new IllegalArgumentException("no organisation of the neighbourhood in " + choice);
            }
            return members;
        }
        return neighbourhood.all().stream()
                .filter(o -> ("Organization/" + o.code()).equals(choice))
                .map(o -> new Choice(choice, o.name()))
                .findFirst()
                .map(List::of)
                .orElseThrow(() -> new IllegalArgumentException("not an organisation of the neighbourhood: " + choice));
    }

    /** The neighbourhood's active organisations by sector, as the directory types them. */
    private Map<String, List<Choice>> sectors() {
        Map<String, List<Choice>> bySector = new java.util.TreeMap<>();
        searches
                .all(
                        "reading the sectors of the neighbourhood's organisations",
                        c -> c.search()
                                .forResource(Organization.class)
                                .elementsSubset("name", "active", "type")
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Organization.class::isInstance)
                .map(Organization.class::cast)
                .filter(o -> o.hasName() && (!o.hasActive() || o.getActive()))
                .sorted(Comparator.comparing(Organization::getName))
                .forEach(o -> o.getType().stream()
                        .flatMap(type -> type.getCoding().stream())
                        .filter(coding -> SECTOR_SYSTEM.equals(coding.getSystem()) && coding.hasCode())
                        .forEach(coding -> bySector.computeIfAbsent(coding.getCode(), k -> new ArrayList<>())
                                .add(new Choice(
                                        "Organization/" + o.getIdElement().getIdPart(), o.getName()))));
        return bySector;
    }

    private List<Choice> carersOf(String personId) {
        List<Choice> carers = new ArrayList<>();
        searches
                .all(
                        "reading the person's carers",
                        c -> c.search()
                                .forResource(RelatedPerson.class)
                                .where(RelatedPerson.PATIENT.hasId("Patient/" + personId))
                                .returnBundle(Bundle.class))
                .stream()
                .filter(RelatedPerson.class::isInstance)
                .map(RelatedPerson.class::cast)
                .filter(carer -> !carer.hasActive() || carer.getActive())
                .forEach(carer -> PatientFacts.preferredName(carer.getName())
                        .map(PatientFacts::asSaid)
                        .ifPresent(name -> carers.add(new Choice(ResourceIndex.referenceTo(carer), name))));
        return carers;
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
