/**
 * The form of each action a person may take on the arrangement page: which fields it asks for, in
 * words, and how the answers become the command the API would receive. Which actions are offered is
 * the domain's answer (`actionsOpenTo`); the command is checked by the domain's schema here and by the
 * workflow when sent. Actions without a form here (changing the whole terms) are not offered on the page.
 */
import {
  checklistItem,
  unsignedVariationPartners,
  WIND_UP_ITEM_IDS,
  WIND_UP_TITLES,
  type Actor,
  type ArrangementState,
  type CommandType,
  type Partner,
  type WhyWaiting,
} from '../domain';
import { dateOf, list, text } from './answers';

/** One question of an action's form; `name` is the command's field (and, prefixed, the input's id). */
export interface ActionField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'radios' | 'select' | 'checkboxes' | 'date' | 'number';
  hint?: string;
  options?: { value: string; text: string; hint?: string }[];
}

const summary = (label: string): ActionField => ({ name: 'summary', label, kind: 'textarea' });
const documentRef: ActionField = {
  name: 'documentRef',
  label: 'Document reference (optional)',
  kind: 'text',
  hint: 'For example, the file number of the signed document',
};
const financialYear: ActionField = {
  name: 'financialYear',
  label: 'Financial year it covers',
  kind: 'number',
  hint: 'The year it starts in, for example 2027 for April 2027 to March 2028',
};
const reason = (label: string): ActionField => ({ name: 'reason', label, kind: 'textarea' });

/** Administrators act for a partner: they say which. */
function partnerChoice(state: ArrangementState, actor: Actor, among: readonly Partner[] = state.terms.partners): ActionField[] {
  if (actor.role !== 'administrator') return [];
  return [
    {
      name: 'partnerId',
      label: 'Which partner are you acting for?',
      kind: 'select',
      options: among.map((p) => ({ value: p.id, text: p.name })),
    },
  ];
}

/** The consents the actor could record: every pending one for an administrator, its own for a Health Authority. */
function consentChoice(state: ArrangementState, actor: Actor): ActionField {
  const pending = [...(state.preconditions?.consents ?? []), ...(state.variation?.consents ?? [])].filter(
    (c) => c.status === 'pending' && (actor.role === 'administrator' || c.healthAuthorityId === actor.organisationId),
  );
  const name = (id: string) => state.terms.partners.find((p) => p.id === id)?.name ?? id;
  return {
    name: 'consent',
    label: 'Which consent?',
    kind: 'radios',
    options: pending.map((c) => ({
      value: `${c.trustId} ${c.healthAuthorityId}`,
      text: `${name(c.healthAuthorityId)} for ${name(c.trustId)}`,
    })),
  };
}

/** The fields of `type`'s form, or undefined when the page has no form for it. */
export function actionFields(type: CommandType, state: ArrangementState, actor: Actor, waiting: WhyWaiting): ActionField[] | undefined {
  switch (type) {
    case 'submitProposal':
    case 'closeConsultation':
    case 'acknowledgeReceipt':
    case 'approve':
    case 'resubmit':
    case 'abandon':
      return [];
    case 'signVariation':
      return partnerChoice(state, actor, unsignedVariationPartners(state));
    case 'signAgreement':
    case 'giveNotice':
    case 'withdrawVariation':
      return partnerChoice(state, actor);
    case 'recordConsultationResponse':
      return [
        {
          name: 'group',
          label: 'Who responded?',
          kind: 'radios',
          options: state.terms.consultees.map((c) => ({ value: c.group, text: c.group })),
        },
        summary('What did they say?'),
      ];
    case 'considerResponses':
      return [...partnerChoice(state, actor), summary('How did you consider the responses?')];
    case 'recordHimpCheck':
      return [
        { name: 'himpRef', label: 'Which Health Improvement Programme was it checked against?', kind: 'text' },
        { name: 'objectives', label: 'Objectives of the programme it serves', kind: 'textarea', hint: 'One objective on each line' },
        {
          name: 'finding',
          label: 'What did the check find?',
          kind: 'radios',
          options: [
            { value: 'consistent', text: 'Consistent with the programme' },
            { value: 'notConsistent', text: 'Not consistent with the programme' },
          ],
        },
      ];
    case 'attestImprovement':
      return [
        ...partnerChoice(state, actor),
        { name: 'statement', label: 'How is the arrangement likely to improve services?', kind: 'textarea' },
      ];
    case 'grantConsent':
      return [consentChoice(state, actor)];
    case 'refuseConsent':
      return [consentChoice(state, actor), reason('Why is consent refused?')];
    case 'markChecklistItems': {
      const unmarked = (waiting.checklist ?? []).filter((i) => !i.marked);
      return [
        {
          name: 'items',
          label: 'Which particulars does the written agreement contain?',
          kind: 'checkboxes',
          options: unmarked.map((i) => ({ value: i.itemId, text: checklistItem(i.itemId).label })),
        },
        documentRef,
      ];
    }
    case 'submitNotification':
      return [{ name: 'formRef', label: 'Reference of the notification form (optional)', kind: 'text' }];
    case 'refuse':
      return [reason('Why does the Regional Office refuse the arrangement?')];
    case 'withdrawApproval':
      return [reason('Why is approval withdrawn?')];
    case 'requestInformation':
      return [{ name: 'question', label: 'What do you need to know?', kind: 'textarea' }];
    case 'provideInformation':
      return [{ name: 'answer', label: 'Your answer to the Regional Office', kind: 'textarea' }];
    case 'decideVariation':
      return [
        {
          name: 'decision',
          label: 'Your decision on the variation',
          kind: 'radios',
          options: [
            { value: 'approve', text: 'Approve it' },
            { value: 'reject', text: 'Reject it' },
          ],
        },
      ];
    case 'fileQuarterlyReport':
      return [
        { name: 'period', label: 'Which quarter?', kind: 'text', hint: 'The financial year and the quarter, for example 2027Q2' },
        documentRef,
      ];
    case 'fileAnnualReport':
    case 'submitAnnualReturn':
    case 'certifyAudit':
      return [financialYear, documentRef];
    case 'completeReview':
      return [
        {
          name: 'outcome',
          label: 'What did the review decide?',
          kind: 'radios',
          options: [
            { value: 'continue', text: 'Continue the arrangement' },
            { value: 'terminate', text: 'End the arrangement' },
          ],
        },
        { name: 'nextReviewDate', label: 'Date of the next review (if continuing)', kind: 'date' },
        summary('Summary of the review (optional)'),
      ];
    case 'completeWindUpItem':
      return [
        {
          name: 'itemId',
          label: 'Which wind-up item is complete?',
          kind: 'radios',
          options: WIND_UP_ITEM_IDS.map((id) => ({ value: id, text: WIND_UP_TITLES[id] })),
        },
        documentRef,
      ];
    case 'editProposal':
    case 'markChecklistItem':
    case 'proposeVariation':
      return undefined;
  }
}

/**
 * The command a form's answers stand for (not yet checked: the caller parses it with the domain's
 * schema). Blank answers are left out, so a missing answer is reported as missing, not as empty.
 */
export function commandOfForm(type: CommandType, body: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = { type };
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('_') || key === 'consent' || key === 'items' || key.startsWith('nextReviewDate')) continue;
    const v = text(value);
    if (v !== '') fields[key] = v;
  }
  if (typeof fields.financialYear === 'string') fields.financialYear = Number(fields.financialYear);
  if (type === 'recordHimpCheck')
    fields.objectives = list(body.objectives)
      .flatMap((o) => o.split(/\r?\n/))
      .map((o) => o.trim())
      .filter(Boolean);
  if (type === 'grantConsent' || type === 'refuseConsent') {
    const [trustId, healthAuthorityId] = text(body.consent).split(' ');
    if (trustId && healthAuthorityId) Object.assign(fields, { trustId, healthAuthorityId });
  }
  if (type === 'markChecklistItems') {
    const documentRef = text(body.documentRef);
    delete fields.documentRef;
    fields.items = list(body.items).map((itemId) => ({ itemId, ...(documentRef ? { documentRef } : {}) }));
  }
  if (type === 'completeReview') {
    const nextReviewDate = dateOf(body, 'nextReviewDate');
    if (nextReviewDate) fields.nextReviewDate = nextReviewDate;
  }
  return fields;
}
