// A GP practice's EHR connects as a new SMART Backend Services client would: it discovers the
// workspace's SMART configuration, authenticates with a private_key_jwt client assertion signed by
// jose, and reads and searches with fhir-kit-client. Every step asserts what it got; the process
// exits non-zero at the first surprise.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'fhir-kit-client';
import { generateKeyPair, SignJWT } from 'jose';
import { assertion, base, client, discover, refusedWith, step, token } from './smart.mjs';

const smart = await discover();

const metadata = await new Client({ baseUrl: base }).capabilityStatement();
const security = metadata.rest[0].security;
assert.ok(security.service.some((s) => s.coding.some((c) => c.code === 'SMART-on-FHIR')), 'SMART service');
const oauth = security.extension.find((e) => e.url.endsWith('/oauth-uris'));
assert.equal(oauth.extension.find((e) => e.url === 'token').valueUri, smart.token_endpoint);
step('the CapabilityStatement names the same token endpoint');

const granted = await token(smart, 'riverside-ehr', 'system/Patient.rs system/Task.cruds');
assert.deepEqual(granted.scope.split(' ').filter((s) => s.startsWith('system/')).sort(), [
  'system/Patient.rs',
  'system/Task.cruds',
]);
step('riverside-ehr got a token with private_key_jwt', granted.scope);

const ehr = client(granted.access_token);
const patients = await ehr.search({ resourceType: 'Patient', searchParams: { _count: 50 } });
assert.equal(patients.resourceType, 'Bundle');
assert.ok((patients.entry ?? []).length > 0, "the practice's patients are found");
const someone = patients.entry[0].resource;
const read = await ehr.read({ resourceType: 'Patient', id: someone.id });
assert.equal(read.id, someone.id);
step('searched and read its patients', `${patients.entry.length} found`);

await refusedWith(403, ehr.search({ resourceType: 'CarePlan', searchParams: { _count: 1 } }), 'CarePlan outside its scopes');
step('a search outside its scopes is refused');

const unscoped = await token(smart, 'riverside-ehr');
await refusedWith(403, client(unscoped.access_token).read({ resourceType: 'Patient', id: someone.id }), 'a token without scopes');
step('a token without SMART scopes is refused');

const noToken = await refusedWith(401, new Client({ baseUrl: base }).read({ resourceType: 'Patient', id: someone.id }), 'no token');
assert.ok(noToken.issue?.length, 'the 401 says why');
step('a request without a token is refused');

// The token endpoint refuses client assertions that are forged, replayed or addressed elsewhere.
const refusedAssertion = async (what, clientAssertion) => {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
    scope: 'system/Patient.rs',
  });
  const answer = await fetch(smart.token_endpoint, { method: 'POST', body: form });
  const body = await answer.json();
  assert.ok(answer.status === 400 || answer.status === 401, `${what}: answered ${answer.status}`);
  assert.equal(body.access_token, undefined, `${what}: no token`);
  assert.ok(body.error, `${what}: an OAuth error`);
};
const { privateKey } = await generateKeyPair('RS384');
const forged = await new SignJWT({})
  .setProtectedHeader({ alg: 'RS384', kid: 'not-the-practice-key' })
  .setIssuer('riverside-ehr')
  .setSubject('riverside-ehr')
  .setAudience(smart.token_endpoint)
  .setJti(randomUUID())
  .setIssuedAt()
  .setExpirationTime('5m')
  .sign(privateKey);
await refusedAssertion('an assertion signed with a key the realm does not know', forged);
const once = await assertion('riverside-ehr', smart.token_endpoint);
const first = await fetch(smart.token_endpoint, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: once,
    scope: 'system/Patient.rs',
  }),
});
assert.equal(first.status, 200, 'the assertion works once');
await refusedAssertion('the same assertion sent again', once);
await refusedAssertion('an assertion for another audience', await assertion('riverside-ehr', `${base}/token`));
step('forged, replayed and misaddressed client assertions are refused at the token endpoint');
