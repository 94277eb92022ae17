/**
 * Every migration, in order. Listed in code rather than read from a folder, so that tsx, jest and
 * a bundled build all find them. Names sort in the order they apply; never rename or edit one
 * that has shipped: add the next.
 */
import type { Migration } from 'kysely';
import * as sentLog from './0001-sent-log';
import * as register from './0002-register';
import * as summaries from './0003-read-model-summaries';
import * as details from './0004-read-model-details';
import * as webSessions from './0005-web-sessions';
import * as calendarFeeds from './0006-calendar-feeds';
import * as digests from './0007-digests';
import * as clockStop from './0008-obligation-clock-stop';
import * as listOrder from './0009-list-order-indexes';
import * as writeSummaryFunction from './0010-write-summary-function';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-sent-log': sentLog,
  '0002-register': register,
  '0003-read-model-summaries': summaries,
  '0004-read-model-details': details,
  '0005-web-sessions': webSessions,
  '0006-calendar-feeds': calendarFeeds,
  '0007-digests': digests,
  '0008-obligation-clock-stop': clockStop,
  '0009-list-order-indexes': listOrder,
  '0010-write-summary-function': writeSummaryFunction,
};
