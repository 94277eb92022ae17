import type { Actor, ActorRole } from './actors';
import type { ArrangementState } from './arrangement-state';
import type { CommandOf, CommandType } from './commands';
import type { Outcome } from './outcome';
import type { Refusal } from './refusal';

/** A rule that refuses a command in a state it is allowed in (§13.3), or undefined when it may go ahead. */
export type Guard<T extends CommandType> = (
  state: ArrangementState,
  command: CommandOf<T>,
  actor: Actor,
  now: number,
) => Refusal | undefined;

/** What an accepted command does (guards already passed), with any follow-on transition it completes. */
export type Apply<T extends CommandType> = (outcome: Outcome, command: CommandOf<T>, actor: Actor, now: number) => Outcome;

/**
 * Everything one command means, in one place: where it may be issued, who may issue it, what refuses
 * it and what it does. `decide` checks, in order: the actor's scope and `roles`, `allowedIn`, `guard`;
 * then runs `apply`.
 */
export interface CommandSpec<T extends CommandType> {
  /** The states the command may be issued in (§13.3, inferred). */
  allowedIn: (state: ArrangementState) => boolean;
  /** The roles that may issue it (§13.1, inferred); the actor's scope is checked for every command. */
  roles: readonly ActorRole[];
  /** True when a partner officer issues it as the Health Authority whose consent it records (reg 7(2), 9(2)). */
  byConsentingAuthority?: true;
  guard?: Guard<T>;
  apply: Apply<T>;
  /** When one command stands for several acts: one audit entry for each (instead of one for the command). */
  auditEach?: (command: CommandOf<T>) => { action: string; details: Record<string, unknown> }[];
}

/** Partner officers act for their bodies; administrators may do all a partner may (§13.1, inferred). */
export const PARTNER_ROLES: readonly ActorRole[] = ['partnerOfficer', 'administrator'];

/** Officers of the arrangement's Regional Office (§13.1, inferred). */
export const RO_ROLES: readonly ActorRole[] = ['regionalOfficeOfficer'];

/** Something that time causes, at an instant; each stage declares its own beside its commands (§13.4). */
export interface TimeEvent {
  at: number;
  /** Lower runs first among events at the same instant; lifecycle events come before reminders. */
  order: number;
  /** `now` is the instant the tick catches up to, which may be later than `at`. */
  apply: (outcome: Outcome, now: number) => Outcome;
}
