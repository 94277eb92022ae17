/**
 * The web pages' own behaviour on the real templates (supertest + cheerio), with the fake Temporal
 * gateway behind the API's services: the email link through sign-in, the same address still JSON for a
 * token, CSRF on every form, security headers and cookies, what the arrangement page offers and to whom,
 * and a refusal shown with its rule.
 */
import { load } from 'cheerio';
import request from 'supertest';
import { mintToken } from '../../api/tokens';
import { createArrangement } from '../../domain';
import { arrangementWorkflowId } from '../../workflows/contract';
import { TEST_AUTH } from '../api/api-harness';
import { fakeTemporal, type FakeTemporal } from '../api/fake-temporal';
import { futureTerms } from '../api/api-fixtures';
import { appWith, BROWSER, signIn } from './web-harness';

const REF = 'NW-2030-001';

/** A fake holding one draft arrangement whose state is the domain's own. */
async function fakeWithDraft(): Promise<FakeTemporal> {
  const fake = fakeTemporal();
  const terms = futureTerms();
  const createdBy = { id: 'officer@pct-riverside', role: 'partnerOfficer' as const, organisationId: 'pct-riverside' };
  await fake.startArrangement({
    workflowId: arrangementWorkflowId(REF),
    taskQueue: 'tq-web',
    input: { create: { ref: REF, terms }, createdBy },
    memo: {},
    searchAttributes: [],
  });
  fake.queryState = () => Promise.resolve(createArrangement({ ref: REF, terms }, createdBy, Date.now()));
  return fake;
}

describe('the web pages', () => {
  test('when the link in an email is opened in a browser, then it goes through sign-in and back to the arrangement page', async () => {
    const app = appWith(await fakeWithDraft());
    const { agent, location, signedIn } = await signIn(app, 'pct-riverside', `/arrangements/${REF}`);
    expect(signedIn.status).toBe(303);
    expect(location).toBe(`/arrangements/${REF}`);
    const page = await agent.get(location).set(BROWSER);
    expect(page.status).toBe(200);
    const $ = load(page.text);
    expect($('h1').text()).toBe(`Arrangement ${REF}`);
    expect(
      $('button')
        .map((_i, b) => $(b).text().trim())
        .get(),
    ).toContain('Submit the proposal');
  });

  test('when the same address is asked for JSON or with a bearer token, then the API answers as before', async () => {
    const app = appWith(await fakeWithDraft());
    const anonymous = await request(app).get(`/arrangements/${REF}`).set('Accept', 'application/json');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('unauthenticated');
    const token = await mintToken({ sub: 'p', role: 'partnerOfficer', org: 'pct-riverside' }, TEST_AUTH);
    const json = await request(app)
      .get(`/arrangements/${REF}`)
      .set({ ...BROWSER, Authorization: `Bearer ${token}` });
    expect(json.status).toBe(200);
    expect(json.body.ref).toBe(REF);
  });

  test('when a form is posted without its CSRF token, then it is refused and nothing is sent', async () => {
    const fake = await fakeWithDraft();
    const { agent } = await signIn(appWith(fake), 'pct-riverside');
    const res = await agent.post(`/arrangements/${REF}/actions/submitProposal`).type('form').send({});
    expect(res.status).toBe(403);
    expect(fake.calls.filter((c) => c.op === 'update')).toEqual([]);
  });

  test('when a page is served, then it carries security headers and an HTTP-only same-site session cookie', async () => {
    const app = appWith(await fakeWithDraft());
    const { signedIn } = await signIn(app, 'pct-riverside');
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(/hapa\.sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await request(app).get('/sign-in').set(BROWSER);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    // The template's one inline script carries the same nonce the policy names.
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))?.[1];
    expect(load(page.text)('script:not([src])').attr('nonce')).toBe(nonce);
  });

  test('when a partner officer opens a draft, then the page offers the domain’s actions in words and shows no internal code', async () => {
    const { agent } = await signIn(appWith(await fakeWithDraft()), 'pct-riverside');
    const $ = load((await agent.get(`/arrangements/${REF}`).set(BROWSER)).text);
    const buttons = $('main button')
      .map((_i, b) => $(b).text().trim())
      .get();
    expect(buttons).toEqual(['Submit the proposal', 'Abandon the arrangement']);
    $('br').replaceWith('\n');
    const text = $('main').text();
    expect(text).toContain('What this is waiting for');
    expect(text).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/);
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
  });

  test('when the Regional Office officer opens a draft, then no action is offered', async () => {
    const { agent } = await signIn(appWith(await fakeWithDraft()), 'ro-north-west');
    const $ = load((await agent.get(`/arrangements/${REF}`).set(BROWSER)).text);
    expect($('#actions').next().text()).toContain('There is nothing for you to do on this arrangement now.');
  });

  test('when someone sends an action they may not take, then the page shows the refusal with its rule in the legislation’s words', async () => {
    const fake = await fakeWithDraft();
    const { agent } = await signIn(appWith(fake), 'ro-north-west');
    const page = await agent.get(`/arrangements/${REF}`).set(BROWSER);
    const csrf = load(page.text)('input[name=_csrf]').first().val() as string;
    const res = await agent.post(`/arrangements/${REF}/actions/submitProposal`).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    const after = load((await agent.get(res.headers.location as string).set(BROWSER)).text);
    const summary = after('.govuk-error-summary').text();
    expect(summary).toContain('There is a problem');
    expect(summary).toMatch(/Regional Office officer|regional office officer/i);
    expect(summary).toContain('Rule:');
    expect(summary).not.toContain('[V]');
    expect(fake.calls.filter((c) => c.op === 'update').length).toBe(1);
    expect(fake.workflows.get(arrangementWorkflowId(REF))?.applied).toEqual([]);
  });

  test('when an arrangement is not the person’s to see, then the page says it cannot be found', async () => {
    const { agent } = await signIn(appWith(await fakeWithDraft()), 'ro-north-west');
    const res = await agent.get('/arrangements/NO-SUCH-1').set(BROWSER);
    expect(res.status).toBe(404);
    expect(load(res.text)('h1').text()).toBe('Page not found');
  });
});
