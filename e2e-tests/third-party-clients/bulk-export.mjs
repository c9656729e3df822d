// Bulk export (FHIR Bulk Data) by the council's case system and by the information-governance
// officer: each export completes and holds only what its requester could read through the API; the
// GP practice's system can neither follow the council's export nor fetch its files.
import assert from 'node:assert/strict';
import { base, client, discover, step, token } from './smart.mjs';

const ARTHUR_NHS_NUMBER = '9992204176'; // opted out of sharing with social care
const EDITH_NHS_NUMBER = '9994077333'; // on no one's caseload

const smart = await discover();
const councilToken = (await token(smart, 'council-case-system', 'system/Patient.rs system/Task.rs')).access_token;
const ehrToken = (await token(smart, 'riverside-ehr', 'system/Patient.rs system/Task.rs')).access_token;
const igToken = await staffToken(smart.token_endpoint, 'irene.walsh');

const get = (url, accessToken, accept = 'application/fhir+json') =>
  fetch(url.startsWith('http') ? url : `${base}${url}`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: accept, Prefer: 'respond-async' },
  });

async function staffToken(tokenEndpoint, username) {
  const answer = await fetch(tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'workspace-cli',
      username,
      password: 'neighbourhood',
      scope: 'openid',
    }),
  });
  const body = await answer.json();
  assert.equal(answer.status, 200, `token for ${username}: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function exportFor(accessToken, path) {
  const started = performance.now();
  const kickOff = await get(path, accessToken);
  assert.equal(kickOff.status, 202, `the export is accepted: ${await kickOff.text()}`);
  const status = kickOff.headers.get('content-location');
  assert.ok(status?.includes('$export-poll-status'), 'the answer says where to follow it');
  let answer = await get(status, accessToken);
  for (let i = 0; i < 240 && answer.status === 202; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    answer = await get(status, accessToken);
  }
  assert.equal(answer.status, 200, `the export completes within two minutes: ${answer.status}`);
  const manifest = await answer.json();
  const resources = [];
  for (const file of manifest.output) {
    const content = await get(file.url, accessToken, 'application/fhir+ndjson');
    assert.equal(content.status, 200, `its requester fetches ${file.url}`);
    for (const line of (await content.text()).split('\n')) {
      if (line.trim()) resources.push(JSON.parse(line));
    }
  }
  return { status, files: manifest.output.map((file) => file.url), resources, seconds: (performance.now() - started) / 1000 };
}

const nhsNumberOf = (patient) => patient.identifier?.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')?.value;

// The council's case system exports its people and their tasks.
const council = await exportFor(councilToken, '/$export?_type=Patient,Task');
const patients = council.resources.filter((r) => r.resourceType === 'Patient');
assert.ok(patients.length > 0, 'the council exports the people on its caseload');
assert.ok(council.resources.every((r) => ['Patient', 'Task'].includes(r.resourceType)), 'only the types asked for');
const readable = new Set();
const bundle = await client(councilToken).search({ resourceType: 'Patient', searchParams: { _count: 1000 } });
for (const entry of bundle.entry ?? []) readable.add(entry.resource.id);
assert.ok(patients.every((p) => readable.has(p.id)), 'everyone exported is someone the council reads through the API');
const numbers = patients.map(nhsNumberOf);
assert.ok(!numbers.includes(ARTHUR_NHS_NUMBER), 'not the person who opted out of sharing with social care');
assert.ok(!numbers.includes(EDITH_NHS_NUMBER), 'not a person on no one\'s caseload');
step('the council exported only what it may read', `${council.resources.length} records in ${council.seconds.toFixed(1)} s`);

// The export is the council's alone.
assert.equal((await get(council.status, ehrToken)).status, 403, 'the EHR cannot follow the council\'s export');
for (const file of council.files) {
  const answer = await get(file, ehrToken, 'application/fhir+ndjson');
  assert.ok([403, 404].includes(answer.status), `the EHR cannot fetch ${file}: ${answer.status}`);
}
step('another system can neither follow the export nor fetch its files');

// The information-governance officer's export holds consent decisions and the reviews of emergency
// access waiting for governance (Tasks they review), not care records.
const reviewOfEmergencyAccess = (r) => r.resourceType === 'Task'
  && (r.code?.coding ?? []).some((c) => c.system === 'https://neighbourhood.example/fhir/CodeSystem/task-code'
    && c.code === 'break-glass-review');
const governance = await exportFor(igToken, '/$export?_type=Consent,Task');
assert.ok(governance.resources.some((r) => r.resourceType === 'Consent'), 'the IG officer exports the consent decisions');
assert.ok(governance.resources.every((r) => r.resourceType === 'Consent' || reviewOfEmergencyAccess(r)),
  'and no care record');
assert.equal((await get(governance.status, councilToken)).status, 403, 'the council cannot follow it');
step('the IG officer exported consent decisions and no care record', `${governance.resources.length} records in ${governance.seconds.toFixed(1)} s`);
