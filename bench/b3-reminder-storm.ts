/**
 * B3 reminder storm: `count` arrangements that each owe one reminder, all woken by the server at
 * the same instant, and the time from that instant until the SMTP sink has accepted every one of
 * them. Duplicates are counted at the sink by Message-ID and by the notification-key header.
 * `stormTemplate` explains how the instant is chosen on a real clock.
 */
import { randomUUID } from 'node:crypto';
import { NOTIFICATION_KEY_HEADER } from '../activities/outbox-transport';
import { nowMs, pool, sleep } from './measure';
import { ceiling, info, ms, type Row } from './report';
import { stormTemplate } from './scenario';
import type { System } from './system';
import type { SinkMessage } from '../test/helpers/smtp-sink';

const keyOf = (m: SinkMessage): string => {
  const value = m.parsed.headers.get(NOTIFICATION_KEY_HEADER.toLowerCase());
  return typeof value === 'string' ? value : '';
};

/** Runs B3 with `count` reminders due at one instant. */
export async function reminderStorm(sys: System, count: number, concurrency: number, log: (line: string) => void): Promise<Row[]> {
  // Enough lead for every start to be issued before the instant (B1 measures well over 50 starts/s).
  const leadMs = 15_000 + count * 25;
  const dueAt = Date.now() + leadMs;
  const template = stormTemplate(dueAt);
  const run = randomUUID().slice(0, 6);
  const prefix = `B3-${run}-`;
  const refs = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const mine = () => sys.sink.messages.filter((m) => keyOf(m).startsWith(prefix));

  await pool(refs, concurrency, (ref) => template.start(sys.client, sys.taskQueue, ref, dueAt - Date.now()));
  const spare = dueAt - Date.now();
  log(`B3 ${count} arrangements scheduled; the reminders fall due in ${(spare / 1000).toFixed(1)} s`);
  if (spare < 1_000)
    throw new Error(`B3: starting took longer than the ${leadMs} ms lead; the instant passed before every start was issued`);

  // Poll the sink often; the last acceptance is timed to the poll (5 ms).
  let firstAt: number | undefined;
  let allAt: number | undefined;
  const deadline = dueAt + 10 * 60_000;
  const fromMonotonic = Date.now() - nowMs();
  while (Date.now() < deadline) {
    const seen = new Set(mine().map(keyOf)).size;
    if (seen > 0 && firstAt === undefined) firstAt = nowMs() + fromMonotonic;
    if (seen >= count) {
      allAt = nowMs() + fromMonotonic;
      break;
    }
    await sleep(5);
  }
  // A little longer, so a late duplicate (a retried send) is still counted.
  await sleep(5_000);
  const messages = mine();
  const byMessageId = new Map<string, number>();
  for (const m of messages) byMessageId.set(m.parsed.messageId ?? '', (byMessageId.get(m.parsed.messageId ?? '') ?? 0) + 1);
  const duplicateIds = [...byMessageId.values()].reduce((sum, n) => sum + (n - 1), 0);
  const keys = new Set(messages.map(keyOf));
  const duplicateKeys = messages.length - keys.size;
  const delivered = keys.size;
  const total = allAt === undefined ? Number.NaN : allAt - dueAt;
  log(
    `B3 ${delivered}/${count} delivered; first ${firstAt === undefined ? 'never' : ms(firstAt - dueAt)}, all ${ms(total)} after the instant`,
  );
  return [
    info('B3', `reminders due at one instant (one message each, 4 recipients)`, `${count}, ${delivered} delivered`),
    info('B3', 'first accepted after the instant', firstAt === undefined ? 'never' : ms(firstAt - dueAt)),
    ceiling(
      'B3',
      'all accepted after the instant',
      allAt === undefined ? Number.POSITIVE_INFINITY : total,
      10_000,
      (v) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : 'not all delivered'),
      '≤ 10 s',
    ),
    ceiling(
      'B3',
      'duplicates at the sink (Message-ID / key)',
      Math.max(duplicateIds, duplicateKeys),
      0,
      () => `${duplicateIds} / ${duplicateKeys}`,
      '0',
    ),
  ];
}
