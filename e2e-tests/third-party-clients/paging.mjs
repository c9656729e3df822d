// The council's case system pages through its referrals with SMART Health IT's fhirclient library,
// following the server's next links; the GP practice's EHR, handed the council's next link, gets only
// what it could read itself. Each step asserts what it got; the process exits non-zero at the first
// surprise.
import assert from 'node:assert/strict';
import smartClients from 'fhirclient';
import { base, discover, step, token } from './smart.mjs';

/** fhirclient's plain FHIR client, sending a bearer token with every request. */
class WithToken extends smartClients.FhirClient {
  constructor(accessToken) {
    super(base);
    this.accessToken = accessToken;
  }

  async getRequestDefaults() {
    return { headers: { Authorization: `Bearer ${this.accessToken}` } };
  }
}

const smart = await discover();
const council = new WithToken((await token(smart, 'council-case-system', 'system/Task.rs system/Patient.rs')).access_token);
const ehr = new WithToken((await token(smart, 'riverside-ehr', 'system/Task.rs system/Patient.rs')).access_token);

assert.equal(await council.getFhirVersion(), '4.0.1');
step('fhirclient read the FHIR version from the CapabilityStatement');

const seen = new Set();
let pages = 0;
let nextLink;
for await (const page of council.pages('Task?owner=Organization/city-council-asc&_count=1')) {
  pages += 1;
  nextLink ??= page.link?.find((link) => link.relation === 'next')?.url;
  for (const entry of page.entry ?? []) {
    if (entry.resource.resourceType !== 'Task') continue;
    assert.equal(entry.resource.owner.reference, 'Organization/city-council-asc');
    assert.ok(!seen.has(entry.resource.id), `Task/${entry.resource.id} came twice`);
    seen.add(entry.resource.id);
  }
}
assert.ok(pages >= 2, `the council's referrals fill more than one page of one (${seen.size} in ${pages})`);
assert.ok(nextLink, 'the first page links to the next');
step("the council paged through its referrals with fhirclient", `${seen.size} tasks in ${pages} pages`);

const answer = await fetch(nextLink, {
  headers: { Authorization: `Bearer ${ehr.accessToken}`, Accept: 'application/fhir+json' },
});
const body = await answer.json();
if (answer.status === 200) {
  for (const entry of body.entry ?? []) {
    const { resourceType, id } = entry.resource;
    if (resourceType === 'OperationOutcome') continue;
    const direct = await fetch(`${base}/${resourceType}/${id}`, {
      headers: { Authorization: `Bearer ${ehr.accessToken}`, Accept: 'application/fhir+json' },
    });
    assert.equal(direct.status, 200, `the EHR was shown ${resourceType}/${id} through the council's link`);
  }
} else {
  assert.ok([403, 404, 410].includes(answer.status), `the council's link for the EHR: ${answer.status}`);
  assert.equal(body.resourceType, 'OperationOutcome');
}
step("the EHR following the council's next link gets only what it may read itself", `HTTP ${answer.status}`);
