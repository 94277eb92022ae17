/**
 * The secret calendar URLs (issue 15 §3): made, listed, revoked, and found by token. Only the SHA-256
 * of a token is kept; the token is shown once, when the feed is made. Making a feed for an owner that
 * already has one revokes the old one in the same transaction (rotation), so each owner has at most one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, CalendarFeedOwner } from '../domain';
import type { Db } from './database';

/** One feed as its holder sees it: never its token. */
export interface CalendarFeed {
  id: string;
  owner: CalendarFeedOwner;
  createdBy: string;
  /** ISO instant. */
  createdAt: string;
}

/** SHA-256 of a token, hex: what the table holds. */
export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token: 32 random bytes, base64url (43 characters, safe in a path). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The feeds on one database. */
export interface CalendarFeeds {
  /** Makes a feed for `owner` (revoking any it already has) and returns it with its token, shown only now. */
  create(owner: CalendarFeedOwner, createdBy: string): Promise<CalendarFeed & { token: string }>;
  /** The live feeds of a person (their own) and of the organisations given (or every organisation's), oldest first. */
  list(personId: string, organisationIds: readonly string[] | 'all'): Promise<CalendarFeed[]>;
  /** The live feed with this id, or undefined (unknown, revoked, or not a UUID). */
  get(id: string): Promise<CalendarFeed | undefined>;
  /** Revokes the feed; false when it was unknown or already revoked. */
  revoke(id: string): Promise<boolean>;
  /** The owner of the live feed with this token, or undefined (unknown or revoked). */
  ownerOfToken(token: string): Promise<CalendarFeedOwner | undefined>;
}

type Row = {
  id: string;
  owner_kind: 'person' | 'organisation';
  actor: Actor | null;
  organisation_id: string | null;
  created_by: string;
  created_at: Date;
};

function ownerOf(row: Pick<Row, 'owner_kind' | 'actor' | 'organisation_id'>): CalendarFeedOwner {
  return row.owner_kind === 'person'
    ? { kind: 'person', actor: row.actor! }
    : { kind: 'organisation', organisationId: row.organisation_id! };
}

const feedOf = (row: Row): CalendarFeed => ({
  id: row.id,
  owner: ownerOf(row),
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = ['id', 'owner_kind', 'actor', 'organisation_id', 'created_by', 'created_at'] as const;

/** The calendar feeds on hapa's PostgreSQL store. */
export function createCalendarFeeds(db: Db): CalendarFeeds {
  return {
    create: (owner, createdBy) =>
      db.transaction().execute(async (tx) => {
        const now = new Date();
        let revoke = tx.updateTable('calendar_feed').set({ revoked_at: now.toISOString() }).where('revoked_at', 'is', null);
        revoke =
          owner.kind === 'person'
            ? revoke.where('owner_kind', '=', 'person').where('person_id', '=', owner.actor.id)
            : revoke.where('owner_kind', '=', 'organisation').where('organisation_id', '=', owner.organisationId);
        await revoke.execute();
        const token = newToken();
        const row = await tx
          .insertInto('calendar_feed')
          .values({
            token_hash: tokenHashOf(token),
            owner_kind: owner.kind,
            person_id: owner.kind === 'person' ? owner.actor.id : null,
            actor: owner.kind === 'person' ? JSON.stringify(owner.actor) : null,
            organisation_id: owner.kind === 'organisation' ? owner.organisationId : null,
            created_by: createdBy,
            created_at: now,
          })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        return { ...feedOf(row), token };
      }),
    async list(personId, organisationIds) {
      const rows = await db
        .selectFrom('calendar_feed')
        .select(COLUMNS)
        .where('revoked_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('owner_kind', '=', 'person'), eb('person_id', '=', personId)]),
            ...(organisationIds === 'all'
              ? [eb('owner_kind', '=', 'organisation')]
              : organisationIds.length > 0
                ? [eb.and([eb('owner_kind', '=', 'organisation'), eb('organisation_id', 'in', organisationIds)])]
                : []),
          ]),
        )
        .orderBy('created_at')
        .execute();
      return rows.map(feedOf);
    },
    async get(id) {
      if (!UUID.test(id)) return undefined;
      const row = await db
        .selectFrom('calendar_feed')
        .select(COLUMNS)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row && feedOf(row);
    },
    async revoke(id) {
      if (!UUID.test(id)) return false;
      const result = await db
        .updateTable('calendar_feed')
        .set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async ownerOfToken(token) {
      // Looked up by hash through the unique index: an unknown and a revoked token cost the same.
      const row = await db
        .selectFrom('calendar_feed')
        .select(['owner_kind', 'actor', 'organisation_id', 'revoked_at'])
        .where('token_hash', '=', tokenHashOf(token))
        .executeTakeFirst();
      return row && row.revoked_at === null ? ownerOf(row) : undefined;
    },
  };
}
