/**
 * Queries of the digest tables (migration 0007): people's delivery choices, the notifications each
 * person is sent (held for a digest or sent at once), and a digest's claim on the held ones.
 */
import { sql } from 'kysely';
import type { Delivery } from '../domain';
import type { Db } from './database';

/** A digest run: the daily one takes only items held for a day, the weekly one everything still waiting. */
export type DigestCadence = 'daily' | 'weekly';

/** Addresses compare as people mean them: case and surrounding spaces do not matter. */
export const normalEmail = (email: string): string => email.trim().toLowerCase();

/** A notification for one person, as a digest lists it. */
export interface DigestItem {
  email: string;
  name: string;
  notificationKey: string;
  arrangementRef: string;
  /** The message kind (its template), e.g. `overdue`. */
  messageKind: string;
  /** The email's subject line, already in plain words. */
  subject: string;
  /** 'YYYY-MM-DD', or undefined for news with no date. */
  dueDate?: string;
  obligationId?: string;
}

/** The person's own choice, or undefined if they never made one. */
export async function preferenceOf(db: Db, email: string): Promise<Delivery | undefined> {
  const row = await db.selectFrom('message_preference').select('delivery').where('email', '=', normalEmail(email)).executeTakeFirst();
  return row?.delivery as Delivery | undefined;
}

/** Records the person's choice, replacing any earlier one. */
export async function setPreference(db: Db, email: string, delivery: Delivery): Promise<void> {
  await db
    .insertInto('message_preference')
    .values({ email: normalEmail(email), delivery, updated_at: new Date() })
    .onConflict((oc) => oc.column('email').doUpdateSet({ delivery, updated_at: new Date() }))
    .execute();
}

/** What decides one person's delivery of one notification, given what they were sent just before. */
export type DeliveryChooser = (item: DigestItem, context: { preference?: Delivery; recentCount: number }) => Delivery;

/** One row of what `chooseDeliveries` reads before deciding: a recorded decision, a recent count or a preference. */
interface DecisionInputRow {
  what: 'decided' | 'recent' | 'preference';
  email: string;
  notification_key: string | null;
  delivery: string | null;
  n: number | null;
}

/**
 * Decides, once per person and notification, how `items` reach their people, and returns each one's
 * delivery. A decision already recorded (an earlier attempt of the same notification) is kept, so a
 * retry never turns a held item into a sent one or the reverse. Each person's decisions are made one
 * at a time (a transaction-scoped advisory lock per person, taken in address order so two
 * notifications to the same people cannot deadlock), so a burst of notifications arriving together
 * is counted as a burst. `windowMs` is how far back `recentCount` looks.
 */
export async function chooseDeliveries(
  db: Db,
  items: readonly DigestItem[],
  windowMs: number,
  choose: DeliveryChooser,
): Promise<Delivery[]> {
  return db.transaction().execute(async (tx) => {
    const people = [...new Set(items.map((i) => normalEmail(i.email)))].sort();
    if (people.length === 0) return [];
    // Every person's lock in one round trip, taken in the sorted order of \`people\` (unnest keeps the
    // array's order), so two transactions never wait on each other in a cycle.
    await sql`select pg_advisory_xact_lock(hashtextextended('digest-person:' || p, 0)) from unnest(${people}::text[]) as p`.execute(tx);
    // What the decisions read, for every person at once and in one round trip (a storm of reminders
    // makes one call per notification): the decisions already recorded for these notifications, how
    // many items each person was given within the window, and their preferences. A statement of its
    // own after the locks, so its snapshot holds what the previous holder of a lock committed.
    const keys = [...new Set(items.map((i) => i.notificationKey))];
    const since = new Date(Date.now() - windowMs);
    const { rows } = await sql<DecisionInputRow>`
      select 'decided' as what, email, notification_key, delivery, null::int as n
        from digest_item where email = any(${people}::text[]) and notification_key = any(${keys}::text[])
      union all
      select 'recent', email, null, null, count(*)::int
        from digest_item where email = any(${people}::text[]) and created_at > ${since}
        group by email
      union all
      select 'preference', email, null, delivery, null
        from message_preference where email = any(${people}::text[])
    `.execute(tx);
    const decided = new Map<string, Delivery>();
    const recentCount = new Map<string, number>();
    const preferences = new Map<string, Delivery>();
    for (const row of rows) {
      if (row.what === 'decided') decided.set(`${row.email}\n${row.notification_key}`, row.delivery as Delivery);
      else if (row.what === 'recent') recentCount.set(row.email, row.n ?? 0);
      else preferences.set(row.email, row.delivery as Delivery);
    }

    const chosen: Delivery[] = [];
    const inserts = [];
    for (const item of items) {
      const email = normalEmail(item.email);
      const earlier = decided.get(`${email}\n${item.notificationKey}`);
      if (earlier) {
        chosen.push(earlier);
        continue;
      }
      const preference = preferences.get(email);
      const delivery = choose(item, { ...(preference ? { preference } : {}), recentCount: recentCount.get(email) ?? 0 });
      // As if inserted one by one: a later item for the same person sees this one.
      decided.set(`${email}\n${item.notificationKey}`, delivery);
      recentCount.set(email, (recentCount.get(email) ?? 0) + 1);
      inserts.push({
        email,
        name: item.name,
        notification_key: item.notificationKey,
        delivery,
        arrangement_ref: item.arrangementRef,
        message_kind: item.messageKind,
        subject: item.subject,
        due_date: item.dueDate ?? null,
        obligation_id: item.obligationId ?? null,
      });
      chosen.push(delivery);
    }
    if (inserts.length > 0) await tx.insertInto('digest_item').values(inserts).execute();
    return chosen;
  });
}

/** People with held items a digest of `cadence` would take now. */
export async function peopleWaiting(db: Db, cadence: DigestCadence): Promise<string[]> {
  const rows = await db
    .selectFrom('digest_item')
    .select('email')
    .distinct()
    .where('digest_key', 'is', null)
    .where('delivery', 'in', cadence === 'daily' ? ['daily'] : ['daily', 'weekly'])
    .orderBy('email')
    .execute();
  return rows.map((r) => r.email);
}

/**
 * Gives `digestKey` every item of `email` still waiting for a digest of `cadence`, and returns all the
 * items the digest holds (claimed now or by an earlier attempt), soonest due first, undated last.
 * Reminders and escalations whose duty was met or cancelled meanwhile are claimed but not returned:
 * nobody needs to be chased for them any more.
 */
export async function claimDigestItems(db: Db, email: string, cadence: DigestCadence, digestKey: string): Promise<DigestItem[]> {
  const who = normalEmail(email);
  await db
    .updateTable('digest_item')
    .set({ digest_key: digestKey })
    .where('email', '=', who)
    .where('digest_key', 'is', null)
    .where('delivery', 'in', cadence === 'daily' ? ['daily'] : ['daily', 'weekly'])
    .execute();
  const rows = await db
    .selectFrom('digest_item as i')
    .leftJoin('arrangement_obligation as o', (join) =>
      join.onRef('o.ref', '=', 'i.arrangement_ref').onRef('o.obligation_id', '=', 'i.obligation_id'),
    )
    .select([
      'i.email',
      'i.name',
      'i.notification_key',
      'i.arrangement_ref',
      'i.message_kind',
      'i.subject',
      'i.due_date',
      'i.obligation_id',
    ])
    .where('i.digest_key', '=', digestKey)
    .where((eb) => eb.or([eb('i.obligation_id', 'is', null), eb('o.status', 'is', null), eb('o.status', '=', 'open')]))
    .orderBy(sql`i.due_date asc nulls last`)
    .orderBy('i.created_at')
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    email: r.email,
    name: r.name,
    notificationKey: r.notification_key,
    arrangementRef: r.arrangement_ref,
    messageKind: r.message_kind,
    subject: r.subject,
    ...(r.due_date ? { dueDate: r.due_date } : {}),
    ...(r.obligation_id ? { obligationId: r.obligation_id } : {}),
  }));
}
