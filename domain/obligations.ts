import type { DateString } from './calendar';
import type { Days } from './days';

/** Every kind of deadline of section31.md §13.4 that the arrangement tracks. */
export type ObligationKind =
  | 'consultationClose'
  | 'haConsent'
  | 'notifyBeforeStart'
  | 'roResponse'
  | 'quarterlyReport'
  | 'annualReport'
  | 'annualReturn'
  | 'auditCertification'
  | 'reviewDate'
  | 'durationEnd'
  | 'windUp';

/** Who must act on an obligation; resolved to people through the terms' contacts. */
export type ResponsibleRole =
  'consultationLead' | 'nhsTrust' | 'proposer' | 'regionalOffice' | 'reportingPartner' | 'poolManager' | 'hostFinance' | 'allPartners';

/** Whether an obligation still needs doing. */
export type ObligationStatus = 'open' | 'done' | 'cancelled';

/** A dated duty with a stable id (e.g. 'quarterlyReport:2001Q2'); reminders are keyed on the id. */
export interface Obligation {
  id: string;
  kind: ObligationKind;
  title: string;
  /** The due date, a day in England: the obligation is met in time if done by the end of it. */
  dueDate: DateString;
  /** The instant the due date has passed and the obligation is overdue (epoch ms; `Days.passedAt`). */
  dueAt: number;
  responsibleRole: ResponsibleRole;
  responsiblePartnerIds: string[];
  citation: string;
  /** For reporting obligations: last day of the period reported on (termination cancels later periods). */
  periodEnd?: DateString;
  /**
   * The pending variation it belongs to (its consultation close, an HA consent). Absent on obligations
   * recorded before the field existed: read it with `obligationVariationId`.
   */
  variationId?: string;
  /** The day the Regional Office's clock stopped to wait for information: no reminders until it restarts. */
  clockStoppedOn?: DateString;
  status: ObligationStatus;
  /** When it was created, so reminders meant for before its creation are skipped. */
  createdAt: number;
  doneAt?: number;
  cancelledAt?: number;
}

/** What is needed to open an obligation; dueAt and status are derived. */
export type NewObligation = Omit<Obligation, 'dueAt' | 'status' | 'createdAt' | 'doneAt' | 'cancelledAt'>;

/** Adds an open obligation unless one with the same id exists (idempotent, so catch-up can repeat safely). */
export function withObligation(obligations: Obligation[], next: NewObligation, now: number, days: Days): Obligation[] {
  if (obligations.some((o) => o.id === next.id)) return obligations;
  return [...obligations, { ...next, dueAt: days.passedAt(next.dueDate), status: 'open', createdAt: now }];
}

/** Marks an open obligation done. */
export function withObligationDone(obligations: Obligation[], id: string, now: number): Obligation[] {
  return obligations.map((o) => (o.id === id && o.status === 'open' ? { ...o, status: 'done', doneAt: now } : o));
}

/** Cancels every open obligation that matches the predicate. */
export function withObligationsCancelled(obligations: Obligation[], matches: (o: Obligation) => boolean, now: number): Obligation[] {
  return obligations.map((o) => (o.status === 'open' && matches(o) ? { ...o, status: 'cancelled', cancelledAt: now } : o));
}

/** The open obligation with this id, if any. */
export function openObligation(obligations: Obligation[], id: string): Obligation | undefined {
  return obligations.find((o) => o.id === id && o.status === 'open');
}

/** Open obligations, earliest due first. */
export function openObligations(obligations: Obligation[]): Obligation[] {
  return obligations.filter((o) => o.status === 'open').sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}
