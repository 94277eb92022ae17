/**
 * B3 reminder storm: `count` arrangements that each owe one reminder, all woken by the server at
 * the same instant, and the time from that instant until the SMTP sink has accepted every one of
 * them. During the timed window the sink only reads each message's Message-ID and notification key
 * (the benchmark's process shares the two cores with the system under test); the full messages are
 * parsed and checked afterwards: duplicates by Message-ID and by key, four recipients each.
 * `stormTemplate` explains how the instant is chosen on a real clock. Before it, and not overlapping
 * it, the limit (`storm-limit.ts`): as many minimal workflows woken the same way on the same server;
 * hapa's time is reported as a ratio of the limit's.
 */
import { randomUUID } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import { NOTIFICATION_KEY_HEADER } from '../activities/outbox-transport';
import { cpuSpent, nowMs, pool, sleep, systemCpuNow } from './measure';
import { ceiling, info, ms, type Row } from './report';
import { stormTemplate } from './scenario';
import { stormLimit } from './storm-limit';
import type { System } from './system';
import type { HeldParse, SinkMessage } from '../test/helpers/smtp-sink';

/** The storm template's one message goes to the four partner contacts. */
const RECIPIENTS = 4;

const addressCount = (to: AddressObject | AddressObject[] | undefined): number =>
  (to === undefined ? [] : [to].flat()).reduce((sum, a) => sum + a.value.length, 0);

/** Why a parsed message fails the after-the-window check, or undefined when it passes. */
function whyMessageIsInvalid(m: SinkMessage): string | undefined {
  const key = m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase());
  if (m.parsed.messageId !== m.messageId || key !== m.notificationKey) return 'headers differ from the quick read';
  if (m.envelope.to.length !== RECIPIENTS || addressCount(m.parsed.to) !== RECIPIENTS) return `not ${RECIPIENTS} recipients`;
  return undefined;
}

/** Runs B3 with `count` reminders due at one instant. */
export async function reminderStorm(sys: System, count: number, concurrency: number, log: (line: string) => void): Promise<Row[]> {
  // A failed limit still leaves hapa's own figures worth having.
  const limit = await stormLimit(sys, count, concurrency, log).catch((err: unknown) => {
    log(`B3 limit failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { count, ran: 0, firstMs: Number.NaN, allMs: Number.NaN, failure: err instanceof Error ? err.message : String(err) };
  });
  // Enough lead for every start to be issued before the instant (B1 measures well over 50 starts/s).
  const leadMs = 15_000 + count * 25;
  const dueAt = Date.now() + leadMs;
  const template = stormTemplate(dueAt);
  const run = randomUUID().slice(0, 6);
  const prefix = `B3-${run}-`;
  const refs = Array.from({ length: count }, (_, i) => `${prefix}${i}`);

  // The count reads what the sink read quickly, scanning only what arrived since the last poll.
  const seenKeys = new Set<string>();
  let scanned = 0;
  const scan = () => {
    for (; scanned < sys.sink.received.length; scanned++) {
      const key = sys.sink.received[scanned]?.notificationKey ?? '';
      if (key.startsWith(prefix)) seenKeys.add(key);
    }
    return seenKeys.size;
  };

  // PostgreSQL's share is the sent-log, the digest decisions and the read-model writes (the limit uses no database).
  const cpuNow = () => systemCpuNow({ api: sys.api.pid, worker: sys.worker.pid, server: sys.server.pid });
  let cpuAtInstant: ReturnType<typeof cpuNow> | undefined;
  let cpuAtAll: ReturnType<typeof cpuNow> | undefined;
  sys.sink.parse = 'headers';
  let firstAt: number | undefined;
  let allAt: number | undefined;
  let held: HeldParse;
  try {
    await pool(refs, concurrency, (ref) => template.start(sys.client, sys.taskQueue, ref, dueAt - Date.now()));
    const spare = dueAt - Date.now();
    log(`B3 ${count} arrangements scheduled; the reminders fall due in ${(spare / 1000).toFixed(1)} s`);
    if (spare < 1_000)
      throw new Error(`B3: starting took longer than the ${leadMs} ms lead; the instant passed before every start was issued`);

    // Who spends the two cores during the storm: CPU seconds from the instant to the last acceptance.
    await sleep(Math.max(0, dueAt - Date.now()));
    cpuAtInstant = cpuNow();
    // Poll the sink often; the last acceptance is timed to the poll (5 ms).
    const deadline = dueAt + 10 * 60_000;
    const fromMonotonic = Date.now() - nowMs();
    while (Date.now() < deadline) {
      const seen = scan();
      if (seen > 0 && firstAt === undefined) firstAt = nowMs() + fromMonotonic;
      if (seen >= count) {
        allAt = nowMs() + fromMonotonic;
        cpuAtAll = cpuNow();
        break;
      }
      await sleep(5);
    }
    // A little longer, so a late duplicate (a retried send) is still counted.
    await sleep(5_000);
  } finally {
    sys.sink.parse = 'full';
    held = await sys.sink.parseHeld();
  }

  const messages = held.parsed.filter((m) => m.notificationKey.startsWith(prefix));
  const unparsable = held.unparsable.filter((u) => u.message.notificationKey.startsWith(prefix)).length;
  const invalid = messages.map(whyMessageIsInvalid).filter((why) => why !== undefined);
  const byMessageId = new Map<string, number>();
  for (const m of messages) byMessageId.set(m.parsed.messageId ?? '', (byMessageId.get(m.parsed.messageId ?? '') ?? 0) + 1);
  const duplicateIds = [...byMessageId.values()].reduce((sum, n) => sum + (n - 1), 0);
  const keys = new Set(messages.map((m) => m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase())));
  const duplicateKeys = messages.length - keys.size;
  const delivered = keys.size;
  const total = allAt === undefined ? Number.NaN : allAt - dueAt;
  log(
    `B3 ${delivered}/${count} delivered; first ${firstAt === undefined ? 'never' : ms(firstAt - dueAt)}, all ${ms(total)} after the instant`,
  );
  const cpu = cpuAtInstant && cpuAtAll ? cpuSpent(cpuAtInstant, cpuAtAll) : undefined;
  const seconds = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : 'not all delivered');
  return [
    info(
      'B3',
      'limit: minimal workflows due at one instant (one no-op activity each)',
      'failure' in limit ? `failed: ${limit.failure.slice(0, 200)}` : `${limit.count}, ${limit.ran} ran`,
    ),
    info(
      'B3',
      'limit: first / all activities ran after the instant',
      `${ms(limit.firstMs)} / ${Number.isFinite(limit.allMs) ? seconds(limit.allMs) : 'not all ran'}`,
    ),
    info(
      'B3',
      'limit: CPU from the instant to the last activity: its worker / dev server',
      'cpu' in limit && limit.cpu ? `${limit.cpu.worker.toFixed(1)} s / ${limit.cpu.server.toFixed(1)} s` : 'not measured',
    ),
    info('B3', `reminders due at one instant (one message each, ${RECIPIENTS} recipients)`, `${count}, ${delivered} delivered`),
    info('B3', 'first accepted after the instant', firstAt === undefined ? 'never' : ms(firstAt - dueAt)),
    ceiling('B3', 'all accepted after the instant', allAt === undefined ? Number.POSITIVE_INFINITY : total, 10_000, seconds, '≤ 10 s'),
    ceiling(
      'B3',
      'all accepted, hapa / limit',
      (allAt === undefined ? Number.POSITIVE_INFINITY : total) / limit.allMs,
      1.5,
      (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a'),
      '≤ 1.5×',
    ),
    info(
      'B3',
      'CPU from the instant to the last acceptance: worker / dev server / PostgreSQL / benchmark (sink)',
      cpu
        ? `${cpu.worker.toFixed(1)} s / ${cpu.server.toFixed(1)} s / ${cpu.postgres.toFixed(1)} s / ${cpu.bench.toFixed(1)} s`
        : 'not measured',
    ),
    info('B3', 'reminders per second of worker CPU', cpu ? `${(delivered / cpu.worker).toFixed(0)}/s` : 'not measured'),
    ceiling(
      'B3',
      'duplicates at the sink (Message-ID / key)',
      Math.max(duplicateIds, duplicateKeys),
      0,
      () => `${duplicateIds} / ${duplicateKeys}`,
      '0',
    ),
    ceiling(
      'B3',
      `messages failing the check after the window (unparsable, headers, ${RECIPIENTS} recipients)`,
      unparsable + invalid.length,
      0,
      (v) => `${v} of ${messages.length + unparsable}${invalid.length > 0 ? ` (first: ${invalid[0]})` : ''}`,
      '0',
    ),
  ];
}
