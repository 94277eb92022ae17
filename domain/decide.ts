import type { Actor } from './actors';
import type { ArrangementState } from './arrangement-state';
import { applyCommand } from './apply-command';
import { whyCommandIsRefused } from './command-guards';
import type { Command } from './commands';
import type { Effect } from './notifications';
import { outcomeOf, withAudit, withState } from './outcome';
import type { Refusal } from './refusal';

export { whyCommandIsRefused } from './command-guards';

/** The result of a command: the new state and effects, or a typed refusal citing the rule. */
export type Decision = { ok: true; state: ArrangementState; effects: Effect[] } | { ok: false; refusal: Refusal };

/** What the audit trail keeps of a command: everything but its type, reason and full terms. */
function auditDetails(command: Command): Record<string, unknown> | undefined {
  const { type: _type, reason: _reason, ...rest } = command as Record<string, unknown>;
  if ('terms' in rest && rest.terms !== undefined) rest.terms = 'changed';
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
  const details = auditDetails(command);
  const audited = withAudit(outcomeOf(state), actor, command.type, now, {
    ...(command.reason !== undefined ? { reason: command.reason } : {}),
    ...(details ? { details } : {}),
  });
  const applied = applyCommand(audited, command, actor, now);
  const final = withState(applied, { updatedAt: now });
  return { ok: true, state: final.state, effects: final.effects };
}
