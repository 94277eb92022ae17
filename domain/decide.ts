import type { Actor } from './actors';
import type { ArrangementState } from './arrangement-state';
import { CITATIONS } from './citations';
import { actionsAllowedIn, describeActions, isIssuedByConsentingAuthority, specOf } from './command-registry';
import { commandSchemas, type Command, type CommandType } from './commands';
import { isConsentingAuthority, whyActorIsRefused } from './authorisation';
import { diffTerms } from './lineage';
import type { Effect } from './notifications';
import { outcomeOf, withAudit, withState } from './outcome';
import { refusal, type Refusal } from './refusal';
import { variationTermsOf } from './variation';

/** The result of a command: the new state and effects, or a typed refusal citing the rule. */
export type Decision = { ok: true; state: ArrangementState; effects: Effect[] } | { ok: false; refusal: Refusal };

/** Why `command` does not fit the state, and what does: every action possible now, with who may take it (issue 11). */
const wrongStatus = (state: ArrangementState, command: Command): Refusal => {
  const now = describeActions(actionsAllowedIn(state));
  return refusal(
    'notAllowedInStatus',
    `${command.type} is not possible while the arrangement is ${state.status}${state.variation ? ' (variation pending)' : ''}. ` +
      (now ? `What can be done now: ${now}.` : 'Nothing more can be done on it.'),
    CITATIONS.lifecycle,
  );
};

/**
 * Why a command cannot be accepted now, or undefined when it can; `decide` and the Update validator share
 * it. In order: who may act (scope, then the spec's roles), the spec's allowed states, then its guard.
 */
export function whyCommandIsRefused(state: ArrangementState, command: Command, actor: Actor, now: number): Refusal | undefined {
  const who = whyActorIsRefused(state, command, actor);
  if (who) return who;
  const spec = specOf(command.type);
  if (!spec.allowedIn(state)) return wrongStatus(state, command);
  return spec.guard?.(state, command, actor, now);
}

/**
 * What the audit trail keeps of a command: everything but its type and reason; new terms are kept as
 * what they change from the terms in force (field paths, old and new values; issue 12 §1), not in full.
 */
function auditDetails(state: ArrangementState, command: Command): Record<string, unknown> | undefined {
  const { type: _type, reason: _reason, ...rest } = command as Record<string, unknown>;
  // A variation is kept as the patch it was sent as (if so) and what it changes; the whole terms are not repeated.
  const terms = command.type === 'proposeVariation' ? variationTermsOf(state.terms, command) : { ok: true as const, terms: rest.terms };
  if (terms.ok && terms.terms !== undefined) {
    delete rest.terms;
    rest.changes = diffTerms(state.terms, terms.terms);
  }
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/**
 * The one entry point for commands (§13.3): refuses with a cited rule, or returns the new state with an
 * audit entry for the command and the notifications to send. Never mutates its input. It does not apply
 * time: call `tick` afterwards (for example, a gate passed after the start date activates on the next tick).
 */
export function decide(state: ArrangementState, command: Command, actor: Actor, now: number): Decision {
  const refused = whyCommandIsRefused(state, command, actor, now);
  if (refused) return { ok: false, refusal: refused };
  const details = auditDetails(state, command);
  const reason = command.reason !== undefined ? { reason: command.reason } : {};
  const spec = specOf(command.type);
  const entries = spec.auditEach?.(command) ?? [{ action: command.type, details }];
  const audited = entries.reduce(
    (o, entry) => withAudit(o, actor, entry.action, now, { ...reason, ...(entry.details ? { details: entry.details } : {}) }),
    outcomeOf(state),
  );
  const applied = spec.apply(audited, command, actor, now);
  const final = withState(applied, { updatedAt: now });
  return { ok: true, state: final.state, effects: final.effects };
}

/** Fields of a command that only annotate it (who it is for, why, which document): any other field is content the person supplies. */
const ANNOTATIONS: readonly string[] = ['type', 'reason', 'partnerId', 'documentRef', 'formRef'];

/** True when a command carries content the person supplies (an answer, an item, new terms), even optional content. */
const asksForContent = (type: CommandType): boolean =>
  Object.keys(commandSchemas[type].shape).some((field) => !ANNOTATIONS.includes(field));

/**
 * The actions `actor` may take on the arrangement now (§13.1, §13.3, inferred), in the registry's order:
 * those the state allows whose scope and role checks pass for this actor. A command without content of
 * its own is also put through its guard (so "sign" is not offered to a partner that has signed); one
 * with content (an answer, an item, a date, new terms) is offered, and its guard decides when it is sent.
 * Consents are offered to a partner officer only for a Health Authority whose consent the terms ask for.
 * What a page offers comes from here, never from its own reading of the state.
 */
export function actionsOpenTo(state: ArrangementState, actor: Actor, now: number): CommandType[] {
  return actionsAllowedIn(state)
    .map(({ type }) => type)
    .filter((type) => {
      const probe = { type } as Command;
      if (isIssuedByConsentingAuthority(type) && actor.role === 'partnerOfficer') return isConsentingAuthority(state, actor.organisationId);
      if (whyActorIsRefused(state, probe, actor)) return false;
      return asksForContent(type) || whyCommandIsRefused(state, probe, actor, now) === undefined;
    });
}
