/**
 * The register of arrangements: a reference is reserved by the first create request that reaches
 * it and is never released, and the workflow writes the closure record (how it ended, when, the
 * liability note, the final state) before it ends, so a closed arrangement stays readable after
 * Temporal has deleted its history.
 */
import { CompiledQuery } from 'kysely';
import type { ArrangementState, LiabilityNote } from '../domain';
import type { Db } from './database';

/** What the API registers at create. */
export interface Registration {
  ref: string;
  workflowId: string;
  /** Of the create request's body (api/fingerprint.ts): tells a resend from a clash. */
  fingerprint: string;
  createdBy: string;
}

/** How an arrangement ended, as its workflow records it. */
export interface ClosureRecord {
  ref: string;
  workflowId: string;
  /** `closed` or `abandoned`. */
  outcome: ArrangementState['status'];
  /** ISO instant. */
  closedAt: string;
  liabilityNote?: LiabilityNote;
  finalState: ArrangementState;
  /** The create body's fingerprint from the workflow's memo, for an arrangement created before the register. */
  fingerprint?: string;
}

/** One register entry. */
export interface RegisterEntry {
  ref: string;
  workflowId: string;
  fingerprint?: string;
  closure?: Omit<ClosureRecord, 'fingerprint'>;
}

/** The register's queries. */
export interface Register {
  /** Reserves `r.ref` for `r`'s body; returns the entry that holds the reference now (`r`'s, or an earlier one). */
  reserve(r: Registration): Promise<{ reserved: boolean; entry: RegisterEntry }>;
  /** Sets the fingerprint of an entry this request reserved, when Temporal shows the reference was taken by another body first. */
  adoptFingerprint(ref: string, fingerprint: string): Promise<void>;
  /** Writes the closure record (idempotent: a retried write changes nothing). */
  recordClosure(record: ClosureRecord): Promise<void>;
  /** The entry of `ref`, if registered. */
  entryOf(ref: string): Promise<RegisterEntry | undefined>;
}

/** The register on hapa's PostgreSQL store. */
export function createRegister(db: Db): Register {
  const entryOf = async (ref: string): Promise<RegisterEntry | undefined> => {
    const row = await db.selectFrom('arrangement_register').selectAll().where('ref', '=', ref).executeTakeFirst();
    if (!row) return undefined;
    return {
      ref: row.ref,
      workflowId: row.workflow_id,
      ...(row.fingerprint !== null ? { fingerprint: row.fingerprint } : {}),
      ...(row.closed_at && row.final_state && row.outcome
        ? {
            closure: {
              ref: row.ref,
              workflowId: row.workflow_id,
              outcome: row.outcome as ArrangementState['status'],
              closedAt: row.closed_at.toISOString(),
              ...(row.liability_note ? { liabilityNote: row.liability_note } : {}),
              finalState: row.final_state,
            },
          }
        : {}),
    };
  };

  // The reservation runs on every create: its SQL is built once, as building it with the query builder
  // each time cost more of the API's CPU than sending it (issue 17 §3). Parameters in the order of `values`.
  const reserveSql = db
    .insertInto('arrangement_register')
    .values({ ref: '', workflow_id: '', fingerprint: '', created_by: '' })
    .onConflict((oc) => oc.column('ref').doNothing())
    .returning('ref')
    .compile().sql;

  return {
    entryOf,
    async reserve(r) {
      const { rows } = await db.executeQuery<{ ref: string }>(
        CompiledQuery.raw(reserveSql, [r.ref, r.workflowId, r.fingerprint, r.createdBy]),
      );
      const inserted = rows[0];
      // Reserved now: the entry is what was just written, so no second round trip (issue 17 §3, on every create).
      if (inserted) return { reserved: true, entry: { ref: r.ref, workflowId: r.workflowId, fingerprint: r.fingerprint } };
      const entry = await entryOf(r.ref);
      if (!entry) throw new Error(`register entry ${r.ref} vanished after its reservation`);
      return { reserved: false, entry };
    },
    async adoptFingerprint(ref, fingerprint) {
      await db.updateTable('arrangement_register').set({ fingerprint }).where('ref', '=', ref).where('closed_at', 'is', null).execute();
    },
    async recordClosure(c) {
      const closure = {
        outcome: c.outcome,
        closed_at: c.closedAt,
        liability_note: c.liabilityNote ? JSON.stringify(c.liabilityNote) : null,
        final_state: JSON.stringify(c.finalState),
      };
      await db
        .insertInto('arrangement_register')
        .values({ ref: c.ref, workflow_id: c.workflowId, fingerprint: c.fingerprint ?? null, ...closure })
        .onConflict((oc) => oc.column('ref').doUpdateSet(closure))
        .execute();
    },
  };
}
