/**
 * The notification shape, owned by the domain. Re-exported here so every activity file imports it
 * from one place; switch to `../domain` once `domain/index.ts` exports these names.
 */
export type { Notification, NotificationKind, Recipient as NotificationRecipient } from '../domain/notifications';
export type { RecipientRole } from '../domain/policy';
