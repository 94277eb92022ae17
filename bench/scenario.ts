/**
 * What the benchmark drives: the pooled-fund fixture's terms moved to the next financial year,
 * bearer tokens for each fixture actor, the raw-client twin of each API call, and domain-built
 * states to start workflows from (`carried`, the field continue-as-new uses) where a section needs
 * a population or a reminder due at a chosen instant faster than the lifecycle could produce it.
 */
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { mintToken } from '../api/tokens';
import {
  createArrangement,
  DAY_MS,
  decide,
  tick,
  toDateString,
  toInstant,
  type Actor,
  type ArrangementPolicyInput,
  type ArrangementState,
  type ArrangementTerms,
  type Command,
} from '../domain';
import { applyAll, commandsToReachReady, officerOf, PARTNERS, type ScriptStep } from '../test/domain/fixtures';
import { nextFinancialYearAfter, termsForFinancialYear } from '../test/helpers/arrangements';
import type { arrangementWorkflow } from '../workflows/arrangement-workflow';
import {
  ARRANGEMENT_WORKFLOW_TYPE,
  arrangementWorkflowId,
  commandUpdate,
  type ArrangementWorkflowInput,
  type CommandResult,
} from '../workflows/contract';
import { ARRANGEMENT_PARTNERS, ARRANGEMENT_REGION, ARRANGEMENT_TYPES } from '../workflows/search-attributes';
import type { HttpApi } from './http-client';

/** Config defaults of AUTH_ISSUER and AUTH_AUDIENCE, which the benchmark leaves unset. */
const TOKEN_OPTIONS = { issuer: 'hapa-local', audience: 'hapa', expiresIn: '12h' };

/** The proposer of every benchmark arrangement. */
export const PROPOSER: Actor = officerOf(PARTNERS.ha.id);

/** Terms that can be set up now and start on the next financial year. */
export const benchTerms = (now = Date.now()): ArrangementTerms => termsForFinancialYear(nextFinancialYearAfter(now));

/** Mints bearer tokens for fixture actors, once each. */
export class Tokens {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly secret: string) {}

  /** A token whose claims give back exactly `actor` through `api/auth.ts`. */
  for(actor: Actor): Promise<string> {
    const key = JSON.stringify(actor);
    let token = this.cache.get(key);
    if (!token) {
      const subject =
        actor.role === 'partnerOfficer'
          ? { sub: actor.id, role: actor.role, org: actor.organisationId ?? '' }
          : actor.role === 'regionalOfficeOfficer'
            ? { sub: actor.id, role: actor.role, region: actor.region ?? '' }
            : { sub: actor.id, role: 'administrator' as const };
      token = mintToken(subject, { secret: this.secret, ...TOKEN_OPTIONS });
      this.cache.set(key, token);
    }
    return token;
  }
}

/** POST /arrangements, expecting 201. */
export async function createThroughApi(
  http: HttpApi,
  tokens: Tokens,
  ref: string,
  terms: ArrangementTerms,
  policy?: ArrangementPolicyInput,
): Promise<void> {
  await http.expect([201], 'POST', '/arrangements', {
    token: await tokens.for(PROPOSER),
    body: { ref, terms, ...(policy ? { policy } : {}) },
  });
}

/** The raw-client twin of POST /arrangements: the same start options the API's gateway uses. */
export async function createThroughClient(
  client: Client,
  taskQueue: string,
  ref: string,
  terms: ArrangementTerms,
  policy?: ArrangementPolicyInput,
): Promise<void> {
  await client.workflow.start<typeof arrangementWorkflow>(ARRANGEMENT_WORKFLOW_TYPE, {
    workflowId: arrangementWorkflowId(ref),
    taskQueue,
    args: [{ create: { ref, terms, ...(policy ? { policy } : {}) }, createdBy: PROPOSER }],
    memo: { ref, createdBy: PROPOSER.id },
    typedSearchAttributes: listingAttributesOf(terms),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  });
}

function listingAttributesOf(terms: ArrangementTerms) {
  return [
    { key: ARRANGEMENT_PARTNERS, value: terms.partners.map((p) => p.id) },
    { key: ARRANGEMENT_REGION, value: terms.regionalOffice.region },
    { key: ARRANGEMENT_TYPES, value: [...terms.types] },
  ];
}

/** One lifecycle action through the API: POST /arrangements/:ref/:type with an Idempotency-Key. */
export async function actThroughApi(http: HttpApi, tokens: Tokens, ref: string, step: ScriptStep, idempotencyKey: string): Promise<void> {
  const { type, ...body } = step.command as Command & Record<string, unknown>;
  await http.expect([200], 'POST', `/arrangements/${encodeURIComponent(ref)}/${type}`, {
    token: await tokens.for(step.actor),
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

/** The same action as the Update the API sends, straight from the raw client. */
export function actThroughClient(handle: WorkflowHandle, step: ScriptStep, updateId: string): Promise<CommandResult> {
  return handle.executeUpdate(commandUpdate, { args: [{ command: step.command, actor: step.actor }], updateId });
}

/** The set-up script (draft to ready) for `terms`. */
export const setUpScript = (terms: ArrangementTerms): ScriptStep[] => commandsToReachReady(terms);

const TEMPLATE_REF = 'BENCHTEMPLATEREF';

/** A state built once by the domain, re-used for many references. */
export class StateTemplate {
  private readonly json: string;

  constructor(
    readonly state: ArrangementState,
    readonly terms: ArrangementTerms,
  ) {
    if (state.ref !== TEMPLATE_REF) throw new Error('templates are built with TEMPLATE_REF');
    this.json = JSON.stringify(state);
  }

  /** The workflow input that resumes this state under `ref`. */
  inputFor(ref: string): ArrangementWorkflowInput {
    const carried = JSON.parse(this.json.replaceAll(TEMPLATE_REF, ref)) as ArrangementState;
    return { create: { ref, terms: this.terms }, createdBy: PROPOSER, carried };
  }

  /** Starts a workflow that resumes this state under `ref` (optionally after `startDelayMs`). */
  async start(client: Client, taskQueue: string, ref: string, startDelayMs?: number): Promise<void> {
    await client.workflow.start<typeof arrangementWorkflow>(ARRANGEMENT_WORKFLOW_TYPE, {
      workflowId: arrangementWorkflowId(ref),
      taskQueue,
      args: [this.inputFor(ref)],
      memo: { ref, createdBy: PROPOSER.id },
      typedSearchAttributes: listingAttributesOf(this.terms),
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      ...(startDelayMs !== undefined ? { startDelay: Math.max(1, Math.round(startDelayMs)) } : {}),
    });
  }
}

function mustDecide(state: ArrangementState, step: ScriptStep, now: number): ArrangementState {
  const decision = decide(state, step.command, step.actor, now);
  if (!decision.ok) throw new Error(`${step.command.type} refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return tick(decision.state, now).state;
}

/** An arrangement whose joint consultation opened at `now` (12 weeks, the default policy). */
export function consultationTemplate(now = Date.now()): StateTemplate {
  const terms = benchTerms(now);
  const created = createArrangement({ ref: TEMPLATE_REF, terms }, PROPOSER, now);
  return new StateTemplate(mustDecide(created, { command: { type: 'submitProposal' }, actor: PROPOSER }, now), terms);
}

/**
 * An arrangement in its first year of running at `now`: set up last January, started on 1 April,
 * every reminder up to `now` already sent (no report filed, so several climbed the ladder).
 */
export function activeTemplate(now = Date.now()): StateTemplate {
  const financialYear = nextFinancialYearAfter(now) - 1;
  const terms = termsForFinancialYear(financialYear);
  const setUpAt = Date.parse(`${financialYear}-01-05T12:00:00Z`);
  const ready = applyAll(createArrangement({ ref: TEMPLATE_REF, terms }, PROPOSER, setUpAt), commandsToReachReady(terms), setUpAt);
  return new StateTemplate(tick(ready, now).state, terms);
}

/**
 * An arrangement whose one pending reminder fell due at 00:00 UTC today, as seen at `dueBy`.
 *
 * Every instant the domain schedules is 00:00 UTC of a date, and ladder offsets are whole days
 * (`offsetDays: z.number().int()`), so no policy can put a reminder a few seconds after an
 * arbitrary "now" on a real clock. Instead the state is built as it stood six and a half days ago:
 * a proposal submitted then, under a policy of a one-week consultation and a one-rung ladder
 * (R0, one day before the close). R0 therefore fell due at 00:00 today and the close is at 00:00
 * tomorrow. A workflow resumed from this state sends R0, and only R0, on its first tick; started
 * with `startDelay`, a thousand of them all first run at the instant the delay ends, which is
 * when the server fires their timers, the same path a reminder timer takes.
 */
export function stormTemplate(dueBy: number): StateTemplate {
  const today = toInstant(toDateString(dueBy));
  const proposedAt = today - 6 * DAY_MS + 12 * 3_600_000;
  const terms = benchTerms(dueBy);
  const policy: ArrangementPolicyInput = {
    consultationWeeks: 1,
    reminderLadder: [{ step: 'R0', offsetDays: -1, kind: 'reminder', recipients: ['responsible'] }],
  };
  const created = createArrangement({ ref: TEMPLATE_REF, terms, policy }, PROPOSER, proposedAt);
  const state = mustDecide(created, { command: { type: 'submitProposal' }, actor: PROPOSER }, proposedAt);
  const due = tick(state, dueBy).effects;
  if (due.length !== 1 || due[0]?.notification.ladderStep !== 'R0') {
    throw new Error(`the storm template should owe exactly one R0 reminder at ${new Date(dueBy).toISOString()}, but owes ${due.length}`);
  }
  return new StateTemplate(state, terms);
}
