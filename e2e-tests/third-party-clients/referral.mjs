// A GP practice's EHR refers one of its patients to the council, and the council's case system takes
// the referral on, as two third-party systems would: the EHR posts a transaction with a conditional
// create keyed on its own referral number, and its retry (a lost answer, say) finds the same Task
// rather than making a second one; the council reads it, claims it with If-Match, is refused a stale
// version, and completes it with an outcome; neither sees what it has no relationship with. A Task
// that names no one to do it is refused, with the element and the profile named. Each write that
// was made has its Provenance, naming the system that made it; refused and repeated ones have none.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { client, discover, refusedWith, step, token } from './smart.mjs';

const REFERRALS = 'https://riverside-practice.example/fhir/sid/referral';
const smart = await discover();
const ehr = client((await token(smart, 'riverside-ehr', 'system/Patient.rs system/Task.cruds')).access_token);
const council = client((await token(smart, 'council-case-system', 'system/Patient.rs system/Task.cruds')).access_token);

const patients = await ehr.search({ resourceType: 'Patient', searchParams: { _count: 50 } });
const patient = patients.entry[0].resource;
step('the EHR picked one of its patients', `Patient/${patient.id}`);

const referralNumber = randomUUID();
const referral = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: `urn:uuid:${randomUUID()}`,
      resource: {
        resourceType: 'Task',
        identifier: [{ system: REFERRALS, value: referralNumber }],
        status: 'requested',
        intent: 'order',
        priority: 'routine',
        description: 'Referral for a social care needs assessment',
        for: { reference: `Patient/${patient.id}` },
        requester: { reference: 'Organization/riverside-practice' },
        owner: { reference: 'Organization/city-council-asc' },
        authoredOn: new Date().toISOString(),
      },
      request: { method: 'POST', url: 'Task', ifNoneExist: `identifier=${REFERRALS}|${referralNumber}` },
    },
  ],
};

const withoutOwner = structuredClone(referral.entry[0].resource);
delete withoutOwner.owner;
delete withoutOwner.identifier;
const invalid = await refusedWith(422, ehr.create({ resourceType: 'Task', body: withoutOwner }), 'a Task no one is to do');
const issue = invalid.issue[0];
assert.match(issue.diagnostics, /Task\.owner/);
assert.match(issue.diagnostics, /StructureDefinition\/workspace-task/);
step('a Task without an owner is refused with 422 naming the element and the profile', issue.diagnostics);

const sent = await ehr.transaction({ body: referral });
assert.equal(sent.type, 'transaction-response');
assert.match(sent.entry[0].response.status, /^201/);
const taskId = sent.entry[0].response.location.split('/')[1];
step('the EHR posted the referral in a transaction', `Task/${taskId}`);

const retried = await ehr.transaction({ body: referral });
assert.match(retried.entry[0].response.status, /^200/, 'the retry finds the referral already there');
assert.equal(retried.entry[0].response.location.split('/')[1], taskId);
const copies = await ehr.search({ resourceType: 'Task', searchParams: { identifier: `${REFERRALS}|${referralNumber}` } });
assert.equal(copies.entry.length, 1, 'one referral, however often it is sent');
step('its retry made no second referral');

const received = await council.read({ resourceType: 'Task', id: taskId });
assert.equal(received.owner.reference, 'Organization/city-council-asc');
assert.equal(received.meta.versionId, '1');
const inbox = await council.search({
  resourceType: 'Task',
  searchParams: { owner: 'Organization/city-council-asc', status: 'requested', _count: 100 },
});
assert.ok(inbox.entry.some((e) => e.resource.id === taskId), "the referral is in the council's inbox");
step('the council found the referral in its inbox');

const claimed = await council.update({
  resourceType: 'Task',
  id: taskId,
  body: { ...received, status: 'in-progress', businessStatus: { text: 'Assessment booked' } },
  options: { headers: { 'If-Match': 'W/"1"' } },
});
assert.equal(claimed.status, 'in-progress');
assert.equal(claimed.meta.versionId, '2');
step('the council claimed it with If-Match');

await refusedWith(
  412,
  council.update({
    resourceType: 'Task',
    id: taskId,
    body: { ...received, status: 'cancelled' },
    options: { headers: { 'If-Match': 'W/"1"' } },
  }),
  'an update of a stale version',
);
step('an update of a stale version is refused with 412');

const completed = await council.update({
  resourceType: 'Task',
  id: taskId,
  body: {
    ...claimed,
    status: 'completed',
    businessStatus: { text: 'Assessed' },
    output: [{ type: { text: 'outcome' }, valueString: 'Care and support plan agreed; home care twice daily.' }],
  },
  options: { headers: { 'If-Match': `W/"${claimed.meta.versionId}"` } },
});
assert.equal(completed.status, 'completed');
const seenByTheEhr = await ehr.read({ resourceType: 'Task', id: taskId });
assert.equal(seenByTheEhr.status, 'completed');
assert.equal(seenByTheEhr.output[0].valueString, 'Care and support plan agreed; home care twice daily.');
step('the council completed it with an outcome the EHR can read');

const councilPeople = await council.search({ resourceType: 'Patient', searchParams: { _count: 200 } });
const ehrPeople = new Set(patients.entry.map((e) => e.resource.id));
const outsideTheEhr = (councilPeople.entry ?? []).map((e) => e.resource.id).find((id) => !ehrPeople.has(id));
assert.ok(outsideTheEhr, "the sample neighbourhood has people on the council's caseload only");
await refusedWith(403, ehr.read({ resourceType: 'Patient', id: outsideTheEhr }), "the EHR reading the council's person");
step("the EHR may not read a person who is only on the council's caseload");

const ehrWithProvenance = client((await token(smart, 'riverside-ehr', 'system/Task.rs system/Provenance.rs')).access_token);
const found = await ehrWithProvenance.search({ resourceType: 'Provenance', searchParams: { target: `Task/${taskId}`, _count: 50 } });
const provenances = (found.entry ?? []).map((e) => e.resource).filter((r) => r.resourceType === 'Provenance');
const authorOf = (version) =>
  provenances.find((p) => p.target.some((t) => t.reference === `Task/${taskId}/_history/${version}`))?.agent?.[0];
assert.equal(provenances.length, 3, 'one Provenance per write: created, claimed, completed');
assert.equal(authorOf(1)?.who?.identifier?.value, 'riverside-ehr');
assert.equal(authorOf(1)?.onBehalfOf?.identifier?.value, 'riverside-practice');
assert.equal(authorOf(2)?.who?.identifier?.value, 'council-case-system');
assert.equal(authorOf(3)?.who?.identifier?.value, 'council-case-system');
assert.equal(authorOf(3)?.onBehalfOf?.identifier?.value, 'city-council-asc');
step('each write has its Provenance naming the system and its organisation', `${provenances.length} for Task/${taskId}`);
