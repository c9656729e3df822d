// A GP practice's EHR connects as a new SMART Backend Services client would: it discovers the
// workspace's SMART configuration, authenticates with a private_key_jwt client assertion signed by
// jose, and reads and searches with fhir-kit-client. Every step asserts what it got; the process
// exits non-zero at the first surprise. Settings (environment): FHIR_BASE (the FHIR endpoint),
// SAMPLE_CLIENT_KEYS (folder of <client>.private.jwk.json).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'fhir-kit-client';
import { importJWK, SignJWT } from 'jose';

const base = process.env.FHIR_BASE ?? 'http://localhost:8080/fhir';
const keys = process.env.SAMPLE_CLIENT_KEYS ?? path.resolve('../../.runtime/sample-client-keys');

function step(name, detail) {
  console.log(`ok - ${name}${detail ? `: ${detail}` : ''}`);
}

async function discover() {
  const answer = await fetch(`${base}/.well-known/smart-configuration`);
  assert.equal(answer.status, 200, 'the SMART configuration is public');
  const smart = await answer.json();
  assert.ok(smart.token_endpoint, 'a token endpoint');
  assert.ok(smart.token_endpoint_auth_methods_supported.includes('private_key_jwt'), 'private_key_jwt offered');
  assert.ok(smart.token_endpoint_auth_signing_alg_values_supported.includes('RS384'), 'RS384 accepted');
  assert.ok(smart.grant_types_supported.includes('client_credentials'), 'client credentials offered');
  assert.ok(smart.capabilities.includes('client-confidential-asymmetric'));
  step('discovered the SMART configuration', smart.token_endpoint);
  return smart;
}

async function assertion(clientId, tokenEndpoint) {
  const jwk = JSON.parse(await readFile(path.join(keys, `${clientId}.private.jwk.json`), 'utf8'));
  const key = await importJWK(jwk, 'RS384');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS384', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenEndpoint)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

async function token(smart, clientId, scope) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await assertion(clientId, smart.token_endpoint),
  });
  if (scope) form.set('scope', scope);
  const answer = await fetch(smart.token_endpoint, { method: 'POST', body: form });
  const body = await answer.json();
  assert.equal(answer.status, 200, `token for ${clientId}: ${JSON.stringify(body)}`);
  return body;
}

function client(accessToken) {
  return new Client({ baseUrl: base, customHeaders: { Authorization: `Bearer ${accessToken}` } });
}

async function refusedWith(status, promise, what) {
  try {
    await promise;
  } catch (error) {
    assert.equal(error.response?.status, status, `${what}: ${error.message}`);
    assert.equal(error.response?.data?.resourceType, 'OperationOutcome', `${what} explains itself`);
    return error.response.data;
  }
  assert.fail(`${what} should have been refused with ${status}`);
}

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
