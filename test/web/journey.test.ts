/**
 * The main journey in a real browser (Debian's chromium through playwright-core), through the real API,
 * worker, Temporal dev server and PostgreSQL: a partner officer of Riverside PCT creates a pooled fund
 * with Northshire County Council, the two partners take it through consultation, checks and the written
 * agreement, the North West Regional Office approves it, and it comes into force; only by clicking and
 * typing (the council officer's and the Regional Office's parts with the keyboard alone); then an administrator records a variation
 * and a partner approves it. Every page visited passes axe-core with no serious or critical violations; screenshots of the
 * main pages go to docs/screenshots/ when HAPA_SCREENSHOTS=1 (so a test run leaves the checkout clean), else to a temporary folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addDays, englandDateOf } from '../../domain';
import { startLiveWeb, type LiveWeb } from './live-web';

const CHROMIUM = process.env.HAPA_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS =
  process.env.HAPA_SCREENSHOTS === '1'
    ? path.resolve(__dirname, '../../docs/screenshots')
    : mkdtempSync(path.join(os.tmpdir(), 'hapa-screenshots-'));
/** axe-core's source, run in the page through the debugging protocol (the pages' CSP rightly refuses an injected script tag). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');
/** All five WCAG tags: one tag alone selects only the rules new at that level. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical axe violations of the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags } });
    return result.violations;
  }, WCAG_TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const available = existsSync(CHROMIUM);
const describeIfChromium = available ? describe : describe.skip;
if (!available) console.warn(`${CHROMIUM} is missing: the browser tests are skipped (.ci/run installs chromium with apt-get)`);

describeIfChromium('the web application in a browser', () => {
  let web: LiveWeb;
  let browser: Browser;
  const visited: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    web = await startLiveWeb();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  /** Checks the page now shown: its title, axe, and (if named) a screenshot. */
  async function verify(page: Page, screenshot?: string): Promise<void> {
    const title = await page.title();
    visited.push(title);
    for (const p of await seriousViolations(page)) problems.push(`${title}: ${p}`);
    // No internal code on screen: no camelCase names, no ISO dates.
    const text = await page.locator('main').innerText();
    for (const code of text.match(/\b[a-z]+[A-Z][A-Za-z]*\b|\b\d{4}-\d{2}-\d{2}\b/g) ?? [])
      problems.push(`${title}: shows the code "${code}"`);
    if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
  }

  /** A person in a browser of their own, signed in on the local page by choosing who they are. */
  async function signIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/`);
    await page.waitForURL('**/sign-in');
    await verify(page, 'sign-in');
    await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await verify(page);
    return { context, page };
  }

  /** The text or label of the control that has the focus. */
  const focusedName = (page: Page): Promise<string> =>
    page.evaluate(() => {
      const el = (
        globalThis as unknown as {
          document: { activeElement: { textContent: string | null; labels?: { textContent: string | null }[] } | null };
        }
      ).document.activeElement;
      return `${el?.labels?.[0]?.textContent ?? ''} ${el?.textContent ?? ''}`.replace(/\s+/g, ' ').trim();
    });
  const isNamed = (focused: string, name: string) => focused === name || focused.startsWith(`${name} `);

  /** Moves the focus with `key` (Tab by default) alone until it reaches the control whose text or label is `name`. */
  async function tabTo(page: Page, name: string, key = 'Tab'): Promise<void> {
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press(key);
      if (isNamed(await focusedName(page), name)) return;
    }
    throw new Error(`the ${key} key never reached "${name}"`);
  }

  /**
   * A person in a browser of their own, signed in with the keyboard alone: Tab into the list of people,
   * the arrow keys to their name (which chooses it, as in any radio group), Tab to the button, Enter.
   */
  async function signInByKeyboard(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}/`);
    await page.waitForURL('**/sign-in');
    for (
      let i = 0;
      i < 50 &&
      (await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { type?: string } | null } }).document.activeElement?.type,
      )) !== 'radio';
      i++
    )
      await page.keyboard.press('Tab');
    if (!isNamed(await focusedName(page), name)) await tabTo(page, name, 'ArrowDown');
    await page.keyboard.press('Space');
    await tabTo(page, 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.baseUrl}/`);
    return page;
  }

  /** Takes the action `button` with the keyboard alone: each answer typed after tabbing to its label, then Enter on the button. */
  async function actByKeyboard(page: Page, button: string, answers: Record<string, string> = {}): Promise<void> {
    for (const [label, text] of Object.entries(answers)) {
      await tabTo(page, label);
      await page.keyboard.type(text);
    }
    await tabTo(page, button);
    // The form posts and the answer's page loads: wait for that load, not the page already shown.
    const loaded = page.waitForEvent('load');
    await page.keyboard.press('Enter');
    await loaded;
    const errors = await page.locator('.govuk-error-summary').allInnerTexts();
    if (errors.length > 0) throw new Error(`${button} was refused: ${errors.join('\n')}`);
    await verify(page);
  }

  /** The Regional Office officer's part with the keyboard alone: sign in, open the notification, approve it. */
  async function approveByKeyboard(ref: string): Promise<Page> {
    const page = await signInByKeyboard('Rory Adams');
    await verify(page, 'regional-office-home');
    // The notification waits in the Regional Office's own list, with the partners' names.
    expect(await page.getByRole('table', { name: 'Oldest first' }).innerText()).toContain(
      'Riverside Primary Care Trust, Northshire County Council',
    );
    await tabTo(page, ref);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/arrangements/${ref}`);
    await verify(page, 'arrangement-regional-office');
    await actByKeyboard(page, 'Approve the arrangement');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Done: approve the arrangement.');
    return page;
  }

  async function act(page: Page, button: string, fill?: (page: Page) => Promise<void>): Promise<void> {
    await fill?.(page);
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForLoadState();
    const errors = await page.locator('.govuk-error-summary').allInnerTexts();
    if (errors.length > 0) throw new Error(`${button} was refused: ${errors.join('\n')}`);
    await verify(page);
  }

  test('when three officers click through the journey, then the arrangement is in force', async () => {
    const today = englandDateOf(Date.now());
    const [year, month, day] = today.split('-');
    const end = addDays(`${Number(year) + 3}-${month}-${day}`, -1).split('-');
    const review = `${Number(year) + 1}-${month}-${day}`.split('-');
    const ref = `NW-${year}-${Math.floor(Math.random() * 1e6)}`;

    const pct = await signIn('Priya Shah');
    const p = pct.page;
    await verify(p, 'partner-home');
    await p.getByRole('button', { name: 'Create an arrangement' }).click();
    await verify(p, 'create-partners');
    await p.getByLabel('Reference for the arrangement').fill(ref);
    await p.getByLabel('Riverside Primary Care Trust').check();
    await p.getByLabel('Northshire County Council').check();
    await p.getByRole('button', { name: 'Continue' }).click();
    await verify(p);
    await p.getByLabel('Pooled fund').check();
    await p.getByRole('button', { name: 'Continue' }).click();
    await verify(p, 'create-functions');
    for (const label of ['Learning disability health services', 'Community health services'])
      await p.getByLabel(label, { exact: false }).first().check();
    await p.locator('input[name=functionIds][value="la.learningDisabilitySocialCare"]').check();
    await p.getByLabel('Client groups').fill('adults with learning disabilities');
    await p.getByLabel('Kinds of service').fill('day services\ncommunity support');
    await p.getByLabel('Aims and outcomes').fill('One budget for learning disability services');
    await p.getByRole('button', { name: 'Continue' }).click();
    await verify(p);
    await p.getByRole('radio', { name: 'Northshire County Council' }).check();
    await p.getByLabel(/Riverside Primary Care Trust: contribution/).fill('250000');
    await p.getByLabel(/Northshire County Council: contribution/).fill('450000');
    await p.getByLabel('Name of the pool manager').fill('Paula Pool');
    await p.getByLabel('Email address of the pool manager').fill('paula.pool@northshire-cc.example.org.uk');
    await p.getByRole('button', { name: 'Continue' }).click();
    await verify(p);
    const date = async (field: string, [y, m, d]: string[]) => {
      await p.locator(`#dates-${field}-day`).fill(String(Number(d)));
      await p.locator(`#dates-${field}-month`).fill(String(Number(m)));
      await p.locator(`#dates-${field}-year`).fill(y ?? '');
    };
    await date('startDate', [year ?? '', month ?? '', day ?? '']);
    await date('endDate', end);
    await date('reviewDate', review);
    await p.getByLabel('Days of notice').fill('90');
    await p.getByRole('button', { name: 'Continue' }).click();
    await verify(p);
    await p.getByLabel('Approves the arrangement').check();
    await p.getByLabel('Name of the Regional Office officer').fill('Rory Adams');
    await p.getByLabel('Email address of the Regional Office officer').fill('rory.adams@nw-regional-office.example.org.uk');
    await p.getByLabel('Who is consulted?').fill('service users, Sam Jones, sam.jones@users.example.org');
    await p.getByRole('button', { name: 'Continue' }).click();
    await verify(p, 'create-check-answers');
    await act(p, 'Create the arrangement');
    await verify(p, 'arrangement-draft');
    expect(await p.locator('h1').innerText()).toBe(`Arrangement ${ref}`);

    await act(p, 'Submit the proposal');
    await act(p, 'Record a consultation response', async (page) => {
      await page.getByLabel('service users').check();
      await page.getByLabel('What did they say?').fill('Service users support the proposal');
    });
    await act(p, 'Close the consultation');
    await act(p, 'Record that you have considered the responses', (page) =>
      page.getByLabel('How did you consider the responses?').fill('Considered at the joint board'),
    );

    // The council officer's part is done with the keyboard alone too: from her home's list to the arrangement, two answers typed.
    const c = await signInByKeyboard('Cara Okafor');
    await verify(c);
    await tabTo(c, ref);
    await c.keyboard.press('Enter');
    await c.waitForURL(`**/arrangements/${ref}`);
    await verify(c);
    await actByKeyboard(c, 'Record that you have considered the responses', {
      'How did you consider the responses?': 'Considered by the cabinet',
    });
    await actByKeyboard(c, 'Confirm the arrangement is likely to improve services', {
      'How is the arrangement likely to improve services?': 'One budget ends double handling',
    });

    await p.reload();
    await act(p, 'Record the Health Improvement Programme check', async (page) => {
      await page.getByLabel('Which Health Improvement Programme was it checked against?').fill('Northshire HImP 2027');
      await page.getByLabel('Objectives of the programme it serves').fill('Fewer hospital admissions');
      await page.getByLabel('Consistent with the programme', { exact: true }).check();
    });
    await act(p, 'Confirm the arrangement is likely to improve services', (page) =>
      page.getByLabel('How is the arrangement likely to improve services?').fill('Care closer to home'),
    );
    await verify(p, 'arrangement-agreement');
    await act(p, 'Mark particulars of the written agreement as present', async (page) => {
      for (const box of await page.locator('input[name=items]').all()) await box.check();
      await page.getByLabel('Document reference (optional)').fill('Signed agreement, file 27/004');
    });
    await act(p, 'Sign the written agreement');
    await c.reload();
    await actByKeyboard(c, 'Sign the written agreement');
    await p.reload();
    await act(p, 'Notify the Regional Office');

    // The Regional Office's part is done with the keyboard alone (the keyboard-only pass).
    const r = await approveByKeyboard(ref);

    // Approved with a start date of today: it comes into force as soon as the workflow's timer fires.
    for (let i = 0; i < 40 && !(await r.locator('#status').innerText()).includes('In force'); i++) {
      await r.waitForTimeout(500);
      await r.reload();
    }
    expect(await r.locator('#status').innerText()).toContain('In force');
    await verify(r, 'arrangement-in-force');

    // An administrator finds it in the portfolio and records a variation: a later review, seen as a difference before it is sent.
    const admin = await signIn('Alex Morgan');
    const a = admin.page;
    await a.getByRole('link', { name: 'Portfolio' }).click();
    await a.getByLabel('Search by reference or partner').fill(ref);
    await a.getByRole('button', { name: 'Show arrangements' }).click();
    await verify(a, 'portfolio');
    await a.getByRole('link', { name: ref }).click();
    await a.getByRole('link', { name: 'Propose a variation' }).click();
    await verify(a, 'variation-edit');
    await a.locator('#variation-reviewDate-year').fill(String(Number(review[0]) + 1));
    await a.getByLabel('Why vary the arrangement? (optional)').fill('The joint board meets later in the year');
    await a.getByRole('button', { name: 'See the difference' }).click();
    await verify(a, 'variation-check');
    expect(await a.getByRole('table', { name: 'What would change' }).innerText()).toContain('Review date');
    await act(a, 'Send the proposed variation');
    expect(await a.locator('.govuk-notification-banner').innerText()).toContain('Variation proposed');

    // A minor variation is the partners' to decide.
    await p.reload();
    await act(p, 'Decide the variation', (page) => page.getByLabel('Approve it').check());
    for (let i = 0; i < 20 && (await p.getByRole('heading', { name: /^Version 2/ }).count()) === 0; i++) {
      await p.waitForTimeout(500);
      await p.reload();
    }
    await verify(p, 'arrangement-varied');
    expect(await p.getByRole('heading', { name: /^Version 2/ }).count()).toBe(1);
    expect(problems).toEqual([]);
    expect(visited.length).toBeGreaterThan(20);
  }, 300_000);

  test('when a page has a known accessibility fault, then the check finds it', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="x.png"><a href="/"></a></body></html>');
    expect((await seriousViolations(page)).length).toBeGreaterThan(0);
    await page.close();
  });
});
