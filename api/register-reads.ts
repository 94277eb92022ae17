/**
 * Reads that fall back on the register: a closed arrangement whose workflow Temporal no longer
 * holds (its retention has passed, or an operator deleted it) is read from its closure record,
 * with the same visibility rule as a live one.
 */
import { maySeeArrangement, type Actor, type ArrangementState } from '../domain';
import { readVisibleState } from './arrangement-lookup';
import type { ApiDeps } from './deps';
import { ApiError } from './errors';

/**
 * The arrangement's state from its workflow (one Query), or else its final state from the
 * register; throws the same 404 as `readVisibleState` when neither has it or the actor may not see it.
 */
export async function readStateOrClosure(deps: ApiDeps, actor: Actor, ref: string): Promise<ArrangementState> {
  try {
    return await readVisibleState(deps.temporal, actor, ref);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'notFound' || !deps.register) throw err;
    const closure = (await deps.register.entryOf(ref))?.closure;
    if (closure && maySeeArrangement(actor, closure.finalState)) return closure.finalState;
    throw err;
  }
}
