/**
 * The notification the domain asks the workflow to deliver. Declared here structurally, field for
 * field as agreed for `domain/notifications.ts`, until the domain exports it; the workflow passes
 * the domain's value and TypeScript checks the two shapes against each other.
 */

/** The kinds the domain produces today. */
export type KnownNotificationKind =
  | 'reminder'
  | 'dueToday'
  | 'overdue'
  | 'roDecision'
  | 'variation'
  | 'notice'
  | 'withdrawal'
  | 'consultationInvitation';

/** Someone a notification goes to, taken from the arrangement's contacts by role. */
export interface NotificationRecipient {
  name: string;
  email: string;
  role: string;
}

/** One email-worthy event of an arrangement, with a stable key that makes sending it idempotent. */
export interface Notification {
  /** Stable idempotency key, e.g. `${ref}:${obligationId}:${step}`; the Message-ID derives from it. */
  key: string;
  /** One of `KnownNotificationKind`; other values render with a neutral heading. */
  kind: string;
  arrangementRef: string;
  subject: string;
  /** Plain language: what is due, by when, what to do. */
  summary: string;
  /** Calendar date, 'YYYY-MM-DD'. */
  dueDate?: string;
  ladderStep?: string;
  recipients: NotificationRecipient[];
  citation?: string;
  reasons?: string;
}
