/**
 * Shared setup for the activity tests: a temp data directory, a database of the test's own on the
 * run's PostgreSQL, a real SMTP sink, the activities wired to them, a way to run an activity attempt, and sample notifications.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type Activities } from '../../activities/activities';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';
import type { Notification } from '../../activities/notification';
import { createSentLog, type SentLog } from '../../activities/sent-log';
import { createRegister } from '../../store/register';
import { createReadModel } from '../../store/read-model';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../helpers/smtp-sink';

/** A log line an activity wrote. */
export interface LogEntry {
  level: LogLevel;
  message: string;
  meta?: LogMetadata;
}

/** Records activity log lines instead of printing them. */
export function recordingLogger(entries: LogEntry[] = []): Logger & { entries: LogEntry[] } {
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) => void entries.push({ level, message, ...(meta ? { meta } : {}) });
  return {
    entries,
    log: (level, message, meta) => void entries.push({ level, message, ...(meta ? { meta } : {}) }),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}

/** Base URL of links in test emails. */
export const arrangementUrl = (ref: string) => `https://hapa.example/arrangements/${encodeURIComponent(ref)}`;
export const FROM = 'hapa <no-reply@hapa.example>';

/** The parts a test uses. */
export interface Harness {
  dataDir: string;
  sink: SmtpSink;
  database: TestDatabase;
  /** A sent-log on the test's database, as a (re)started worker process opens it. */
  sentLog(): SentLog;
  logs: LogEntry[];
  /** Activities as a worker process would build them; call again to model a restarted worker. */
  activities(overrides?: { sentLog?: SentLog; transport?: MailTransport }): Activities;
  /** Runs one activity attempt in a mock activity context. */
  attempt<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R>;
  close(): Promise<void>;
}

/** Starts a sink and a temp data dir; remember to `close()` after each test. */
export async function createHarness(sinkOptions: SmtpSinkOptions = {}): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hapa-activities-'));
  const sink = await startSmtpSink(sinkOptions);
  const database = await testDatabase();
  const logger = recordingLogger();
  const transports: MailTransport[] = [];
  let attemptNo = 0;
  return {
    dataDir,
    sink,
    database,
    sentLog: () => createSentLog(database.db),
    logs: logger.entries,
    activities(overrides = {}) {
      const transport = overrides.transport ?? createMailTransport({ SMTP_URL: sink.url(), HAPA_DATA_DIR: dataDir });
      transports.push(transport);
      return createActivities({
        transport,
        sentLog: overrides.sentLog ?? createSentLog(database.db),
        register: createRegister(database.db),
        readModel: createReadModel(database.db),
        from: FROM,
        arrangementUrl,
      });
    },
    attempt(fn, ...args) {
      attemptNo += 1;
      return new MockActivityEnvironment({ attempt: attemptNo }, { logger }).run(fn, ...args);
    },
    async close() {
      for (const t of transports) t.close();
      await sink.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The subject people read for `reminder()`: from its template, not the domain's `subject`. */
export const REMINDER_SUBJECT = 'Reminder: Annual review of the arrangement, due Tuesday 30 June 2026 (S31-2026-007)';

/** A reminder to the responsible officer, 14 days before an annual review is due. */
export function reminder(overrides: Partial<Notification> = {}): Notification {
  return {
    key: 'S31-2026-007:annual-review:R0',
    kind: 'reminder',
    arrangementRef: 'S31-2026-007',
    subject: 'Annual review of S31-2026-007 due on 30 June 2026',
    summary:
      'The annual review of the Integrated Community Equipment Service pooled fund is due. ' +
      'Send the review to the partners by Tuesday 30 June 2026 and record it on the arrangement.',
    dueDate: '2026-06-30',
    ladderStep: 'R0',
    recipients: [{ name: 'Asha Patel', email: 'asha.patel@nhs.example', role: 'responsible' }],
    citation:
      'SI 2000/617 reg 7(3)(f), 9(3)(f) [V] (inferred: review at the agreed review date); hapa reminder ladder, section31.md §13.4 (inferred)',
    message: 'reminder',
    partnerNames: ['Northbridge Integrated Care Board', 'Northbridge City Council'],
    obligationKind: 'reviewDate',
    leadDays: 14,
    facts: { title: 'Annual review of the arrangement', daysOverdue: 0 },
    obligationId: 'reviewDate:2026-06-30',
    deadlineId: 'reviewDate:2026-06-30',
    ...overrides,
  };
}

/** The Regional Office's decision, sent to the chief officers of both partners. */
export function roDecision(overrides: Partial<Notification> = {}): Notification {
  return {
    key: 'S31-2026-007:ro-decision',
    kind: 'roDecision',
    arrangementRef: 'S31-2026-007',
    subject: 'Regional Office decision on S31-2026-007',
    summary: 'The Regional Office has approved the arrangement. It may start on 1 July 2026. No action is needed.',
    recipients: [
      { name: 'Dr Ben Okafor', email: 'ben.okafor@icb.example', role: 'chiefOfficers' },
      { name: 'Carla Jones', email: 'carla.jones@council.example', role: 'chiefOfficers' },
    ],
    citation: 'Health Act 1999, s.31; NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000, reg. 4(2)',
    reasons: 'The partners consulted everyone affected.\n\nThe <b>pooled fund</b> terms & the host partner are set out clearly.',
    message: 'roDecision',
    partnerNames: ['Northbridge Integrated Care Board', 'Northbridge City Council'],
    facts: { result: 'approved', version: 1, startDate: '2026-07-01' },
    ...overrides,
  };
}
