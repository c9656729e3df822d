// The council's case system subscribes to referrals addressed to it and is told of each at its own
// endpoint within seconds of the EHR posting it; the notification carries the Task, which the council
// then reads. A change about a person the council has no relationship with is never sent to it.
// Prints the time from the EHR's POST to the notification (median and 95th percentile over 20).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { client, discover, step, token } from './smart.mjs';

const REFERRALS = 20;
const smart = await discover();
const ehr = client((await token(smart, 'riverside-ehr', 'system/Patient.rs system/Task.cruds')).access_token);
const council = client(
  (await token(smart, 'council-case-system', 'system/Patient.rs system/Task.rs system/Subscription.cruds'))
    .access_token,
);

// The council's endpoint: every notification it is sent, with when it arrived (a notification with
// the record is a PUT of it to <endpoint>/<type>/<id>).
const arrivals = [];
const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    arrivals.push({ at: performance.now(), path: request.url, body });
    response.writeHead(200).end();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const inbox = `/notifications/${randomUUID()}`;
const endpoint = `http://127.0.0.1:${server.address().port}${inbox}`;

const subscription = await council.create({
  resourceType: 'Subscription',
  body: {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Referrals to the council',
    criteria: 'Task?owner=Organization/city-council-asc',
    channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json' },
  },
});
const owner = subscription.meta.tag.find((t) => t.system.endsWith('/subscription-owner-client'));
assert.equal(owner?.code, 'council-case-system', 'the server records who owns the subscription');
const inForce = async (id) => {
  let status;
  for (let i = 0; i < 300 && status !== 'active'; i++) {
    status = (await council.read({ resourceType: 'Subscription', id })).status;
    if (status !== 'active') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(status, 'active', `Subscription/${id} is in force within 30 s`);
};
await inForce(subscription.id);
step('the council subscribed to referrals addressed to it', `Subscription/${subscription.id}`);

const waitFor = async (taskId, seconds) => {
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline) {
    const found = arrivals.find((a) => a.path.startsWith(inbox) && a.body.includes(`"id":"${taskId}"`));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
};

// Peter Kowalski: on the practice's and the council's caseloads, no objection to sharing.
const peter = (await ehr.search({ resourceType: 'Patient', searchParams: { identifier: 'https://fhir.nhs.uk/Id/nhs-number|9995180901' } }))
  .entry[0].resource;
const referral = (description) => ({
  resourceType: 'Task',
  status: 'requested',
  intent: 'order',
  priority: 'routine',
  description,
  for: { reference: `Patient/${peter.id}` },
  requester: { reference: 'Organization/riverside-practice' },
  owner: { reference: 'Organization/city-council-asc' },
});

const latencies = [];
for (let i = 0; i < REFERRALS; i++) {
  const posted = performance.now();
  const task = await ehr.create({ resourceType: 'Task', body: referral(`Referral ${i + 1} for a care needs assessment`) });
  const notification = await waitFor(task.id, 20);
  assert.ok(notification, `the council was told of Task/${task.id}`);
  latencies.push(notification.at - posted);
  if (i === 0) {
    const sent = JSON.parse(notification.body);
    assert.equal(sent.resourceType, 'Task');
    assert.equal(sent.owner.reference, 'Organization/city-council-asc');
    const read = await council.read({ resourceType: 'Task', id: task.id });
    assert.equal(read.id, task.id);
  }
}
latencies.sort((a, b) => a - b);
const median = latencies[Math.floor(latencies.length / 2)];
const p95 = latencies[Math.ceil(latencies.length * 0.95) - 1];
step(
  'the council was told of every referral at its endpoint',
  `${REFERRALS} referrals, from the EHR's POST to the notification: median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`,
);

// A person on the practice's caseload and not the council's: a Task about them owned by the practice.
const ehrPeople = (await ehr.search({ resourceType: 'Patient', searchParams: { _count: 200 } })).entry.map((e) => e.resource.id);
const councilPeople = new Set(
  ((await council.search({ resourceType: 'Patient', searchParams: { _count: 200 } })).entry ?? []).map((e) => e.resource.id),
);
const notTheCouncils = ehrPeople.find((id) => !councilPeople.has(id));
assert.ok(notTheCouncils, "the sample neighbourhood has people on the practice's caseload only");
const wide = await council.create({
  resourceType: 'Subscription',
  body: {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Tasks about a person the council does not know',
    criteria: `Task?patient=Patient/${notTheCouncils}`,
    channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json' },
  },
});
await inForce(wide.id);
const hidden = await ehr.create({
  resourceType: 'Task',
  body: { ...referral('Review medicines'), for: { reference: `Patient/${notTheCouncils}` }, owner: { reference: 'Organization/riverside-practice' } },
});
const afterwards = await ehr.create({ resourceType: 'Task', body: referral('One more referral') });
assert.ok(await waitFor(afterwards.id, 20), 'a later referral still arrives');
assert.equal(await waitFor(hidden.id, 2), undefined, 'nothing is sent about a person the council may not see');
await council.delete({ resourceType: 'Subscription', id: wide.id });
await council.delete({ resourceType: 'Subscription', id: subscription.id });
step("nothing was sent about a person the council has no relationship with", `Task/${hidden.id}`);
server.close();
