// What every scenario here needs to be a SMART Backend Services client of the workspace: discovery,
// a private_key_jwt client assertion signed with jose, a token, and a fhir-kit-client with it.
// Settings (environment): FHIR_BASE (the FHIR endpoint), SAMPLE_CLIENT_KEYS (folder of
// <client>.private.jwk.json).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'fhir-kit-client';
import { importJWK, SignJWT } from 'jose';

export const base = process.env.FHIR_BASE ?? 'http://localhost:8080/fhir';
const keys = process.env.SAMPLE_CLIENT_KEYS ?? path.resolve('../../.runtime/sample-client-keys');

export function step(name, detail) {
  console.log(`ok - ${name}${detail ? `: ${detail}` : ''}`);
}

export async function discover() {
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

export async function assertion(clientId, tokenEndpoint) {
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

export async function token(smart, clientId, scope) {
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

export function client(accessToken) {
  return new Client({ baseUrl: base, customHeaders: { Authorization: `Bearer ${accessToken}` } });
}

export async function refusedWith(status, promise, what) {
  try {
    await promise;
  } catch (error) {
    assert.equal(error.response?.status, status, `${what}: ${error.message}`);
    assert.equal(error.response?.data?.resourceType, 'OperationOutcome', `${what} explains itself`);
    return error.response.data;
  }
  assert.fail(`${what} should have been refused with ${status}`);
}

