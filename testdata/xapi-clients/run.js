// Drives an LRS with real xAPI client libraries, each through its own API,
// as a learning tool would: send a statement, send a batch, get a statement
// by id, query by agent + verb with a limit and follow `more` once, and put
// then get a State document. Any mismatch exits non-zero with a message
// naming the library and the step.
//
//   LRS_ENDPOINT=http://127.0.0.1:8080/xapi LRS_KEY=... LRS_SECRET=... \
//     node run.js [xapi|tincan]...      (no argument: both libraries)
//
// cmd/lode/lrs_clients_test.go runs it against a real Lode.

import { randomUUID } from "node:crypto";
import XAPI from "@xapi/xapi";
import TinCan from "tincanjs";

const VERB = "http://adlnet.gov/expapi/verbs/experienced";
const ACTIVITY = "http://lode.example/xapi-clients/activity";

class Mismatch extends Error {}

function check(ok, step, message) {
  if (!ok) throw new Mismatch(`${step}: ${message}`);
}

function env(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`run.js: set ${name} (LRS_ENDPOINT, LRS_KEY, LRS_SECRET)`);
    process.exit(2);
  }
  return v;
}

// Each run has its own learner, so the queries see only its statements
// however many runs the LRS has already stored.
function learner(lib) {
  return { objectType: "Agent", name: `${lib} client`, mbox: `mailto:${lib}-${randomUUID()}@clients.lode.example` };
}

function statement(actor, n) {
  return {
    actor,
    verb: { id: VERB, display: { "en-US": "experienced" } },
    object: { objectType: "Activity", id: `${ACTIVITY}/${n}`, definition: { name: { "en-US": `Page ${n}` } } },
    result: { completion: true },
  };
}

// checkStored compares a statement the LRS returned with what was sent.
function checkStored(step, got, id, actor, n) {
  check(got && got.id === id, step, `id ${got && got.id}, want ${id}`);
  check(got.actor && got.actor.mbox === actor.mbox, step, `actor.mbox ${JSON.stringify(got.actor)}, want ${actor.mbox}`);
  check(got.verb && got.verb.id === VERB, step, `verb ${JSON.stringify(got.verb)}, want ${VERB}`);
  check(got.object && got.object.id === `${ACTIVITY}/${n}`, step, `object ${JSON.stringify(got.object)}, want ${ACTIVITY}/${n}`);
  check(typeof got.stored === "string" && got.stored !== "", step, "no stored timestamp");
  check(got.authority && typeof got.authority === "object", step, "no authority set by the LRS");
}

// checkPages checks two pages of a limit-2 query over four statements: two
// each, no repeats, together the four sent, newest first, no further page.
function checkPages(step, first, second, sentIds) {
  check(first.length === 2, step, `first page has ${first.length} statements, want 2 (limit=2)`);
  check(second.length === 2, step, `second page has ${second.length} statements, want 2`);
  const got = [...first, ...second].map((s) => s.id);
  check(new Set(got).size === 4, step, `pages repeat a statement: ${got}`);
  for (const id of sentIds) check(got.includes(id), step, `statement ${id} missing from the pages: ${got}`);
  const stored = [...first, ...second].map((s) => Date.parse(s.stored));
  for (let i = 1; i < stored.length; i++) {
    check(stored[i - 1] >= stored[i], step, `not newest first: stored ${stored}`);
  }
}

const STATE_ID = "bookmark";
const stateDoc = () => ({ page: 7, visited: [1, 2, 3], note: "ünïcödé" });

// xapiClient is @xapi/xapi: promises of {data, headers, status}, errors thrown.
async function xapiClient(endpoint, key, secret) {
  const lrs = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret) });
  const actor = learner("xapi");

  const one = await lrs.sendStatement({ statement: statement(actor, 1) });
  check(Array.isArray(one.data) && one.data.length === 1, "sendStatement", `ids ${JSON.stringify(one.data)}, want one`);
  const firstId = one.data[0];

  const batch = await lrs.sendStatements({ statements: [2, 3, 4].map((n) => statement(actor, n)) });
  check(Array.isArray(batch.data) && batch.data.length === 3, "sendStatements", `ids ${JSON.stringify(batch.data)}, want three`);

  const got = await lrs.getStatement({ statementId: firstId });
  checkStored("getStatement", got.data, firstId, actor, 1);
  check(got.headers["x-experience-api-version"], "getStatement", "no X-Experience-API-Version on the response");

  const page1 = await lrs.getStatements({ agent: actor, verb: VERB, limit: 2 });
  check(typeof page1.data.more === "string" && page1.data.more !== "", "getStatements", `no more link: ${JSON.stringify(page1.data.more)}`);
  const page2 = await lrs.getMoreStatements({ more: page1.data.more });
  checkPages("getStatements + getMoreStatements", page1.data.statements, page2.data.statements, [firstId, ...batch.data]);
  check(!page2.data.more, "getMoreStatements", `a third page after all four: ${page2.data.more}`);

  const where = { agent: actor, activityId: ACTIVITY, stateId: STATE_ID };
  await lrs.setState({ ...where, state: stateDoc() });
  const state = await lrs.getState(where);
  check(JSON.stringify(state.data) === JSON.stringify(stateDoc()), "setState + getState", `got ${JSON.stringify(state.data)}, want ${JSON.stringify(stateDoc())}`);
  check(state.headers.etag, "getState", "no ETag on the document");
}

// tincan calls a TinCan.LRS method that takes {callback} and resolves with
// its result, or rejects with the HTTP status and body.
function tincan(step, call) {
  return new Promise((resolve, reject) => {
    call((err, result) => {
      if (err !== null) {
        const body = result && result.responseText ? `: ${result.responseText}` : "";
        reject(new Mismatch(`${step}: error ${err}${body}`));
        return;
      }
      resolve(result);
    });
  });
}

// tincanClient is TinCan.js: TinCan.LRS with callbacks (Node has no
// synchronous requests). It speaks 1.0.2, its newest version, which an LRS
// serves as 1.0.3. TinCan.Statement stamps an id, so saveStatement PUTs.
async function tincanClient(endpoint, key, secret) {
  const lrs = new TinCan.LRS({ endpoint, username: key, password: secret, allowFail: false });
  const actor = learner("tincan");
  const agent = new TinCan.Agent(actor);

  const first = new TinCan.Statement(statement(actor, 1));
  const put = await tincan("saveStatement", (callback) => lrs.saveStatement(first, { callback }));
  check(put.status === 204, "saveStatement", `status ${put.status}, want 204 (PUT with statementId)`);

  const batch = [2, 3, 4].map((n) => new TinCan.Statement(statement(actor, n)));
  const posted = await tincan("saveStatements", (callback) => lrs.saveStatements(batch, { callback }));
  const ids = JSON.parse(posted.responseText);
  check(JSON.stringify(ids) === JSON.stringify(batch.map((s) => s.id)), "saveStatements", `ids ${posted.responseText}, want ${batch.map((s) => s.id)}`);

  const got = await tincan("retrieveStatement", (callback) => lrs.retrieveStatement(first.id, { callback }));
  check(got instanceof TinCan.Statement, "retrieveStatement", `not a statement: ${JSON.stringify(got)}`);
  // asVersion drops what only an LRS sets (stored, authority): read the
  // TinCan.Statement's own properties.
  const plainStatement = { id: got.id, actor: got.actor, verb: got.verb, object: got.target, stored: got.stored, authority: got.authority };
  checkStored("retrieveStatement", plainStatement, first.id, actor, 1);

  const params = { agent, verb: new TinCan.Verb({ id: VERB }), limit: 2 };
  const page1 = await tincan("queryStatements", (callback) => lrs.queryStatements({ params, callback }));
  check(typeof page1.more === "string" && page1.more !== "", "queryStatements", `no more link: ${JSON.stringify(page1.more)}`);
  const page2 = await tincan("moreStatements", (callback) => lrs.moreStatements({ url: page1.more, callback }));
  const plain = (r) => r.statements.map((s) => ({ id: s.id, stored: s.stored }));
  checkPages("queryStatements + moreStatements", plain(page1), plain(page2), [first.id, ...batch.map((s) => s.id)]);
  check(!page2.more, "moreStatements", `a third page after all four: ${page2.more}`);

  const where = { agent, activity: new TinCan.Activity({ id: ACTIVITY }) };
  await tincan("saveState", (callback) => lrs.saveState(STATE_ID, stateDoc(), { ...where, contentType: "application/json", callback }));
  const state = await tincan("retrieveState", (callback) => lrs.retrieveState(STATE_ID, { ...where, callback }));
  check(state !== null, "retrieveState", "404 for the document just saved");
  check(JSON.stringify(state.contents) === JSON.stringify(stateDoc()), "saveState + retrieveState", `got ${JSON.stringify(state.contents)}, want ${JSON.stringify(stateDoc())}`);
}

const clients = { xapi: xapiClient, tincan: tincanClient };

async function main() {
  const endpoint = env("LRS_ENDPOINT");
  const key = env("LRS_KEY");
  const secret = env("LRS_SECRET");
  const names = process.argv.slice(2);
  for (const name of names.length ? names : Object.keys(clients)) {
    const run = clients[name];
    if (!run) {
      console.error(`run.js: unknown client ${name}; want one of ${Object.keys(clients).join(", ")}`);
      process.exit(2);
    }
    try {
      await run(endpoint, key, secret);
    } catch (err) {
      // @xapi/xapi rejects with axios errors: show the LRS's answer.
      const answer = err.response ? ` (HTTP ${err.response.status}: ${JSON.stringify(err.response.data)})` : "";
      console.error(`${name}: FAIL ${err.message}${answer}`);
      process.exit(1);
    }
    console.log(`${name}: ok`);
  }
}

main();
