/**
 * The line officer step of the escalation ladder adds someone not already chased (issue 12 §2): the
 * Regional Office's named manager when it is late, a partner's line manager, and a pool's finance officer.
 */
import { resolveRecipients, type ArrangementTerms, type Obligation } from '../../domain';
import { PARTNERS, validLeadCommissioningTerms, validTerms } from './fixtures';

const person = (name: string, org: string) => ({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@${org}.example.org.uk` });
const roManager = person('Rita Manager', 'ro');
const countyManager = person('Carl Manager', 'cc');
const financeOfficer = person('Fiona Finance', 'cc');

const obligation = (o: Partial<Obligation>): Obligation => ({
  id: 'x',
  kind: 'quarterlyReport',
  title: 'x',
  dueDate: '2001-07-27',
  dueAt: 0,
  responsibleRole: 'reportingPartner',
  responsiblePartnerIds: [PARTNERS.county.id],
  citation: 'x',
  status: 'open',
  createdAt: 0,
  ...o,
});
const roResponse = obligation({ kind: 'roResponse', responsibleRole: 'regionalOffice', responsiblePartnerIds: [] });
const escalated = (terms: ArrangementTerms, o: Obligation) =>
  resolveRecipients(terms, ['responsible', 'lineOfficer'], o).map((r) => [r.role, r.email]);

describe('who the line officer step adds', () => {
  test('when the Regional Office is late and names a manager, then the escalation reaches that manager, not the partners', () => {
    const lead = validLeadCommissioningTerms();
    const terms = { ...lead, regionalOffice: { ...lead.regionalOffice, manager: roManager } };
    expect(escalated(terms, roResponse)).toEqual([
      ['responsible', lead.regionalOffice.officer.email],
      ['lineOfficer', roManager.email],
    ]);
  });

  test('when a partner names its line manager, then the escalation adds the line manager, not the contact officer again', () => {
    const lead = validLeadCommissioningTerms();
    const terms = { ...lead, partners: lead.partners.map((p) => (p.id === PARTNERS.county.id ? { ...p, lineManager: countyManager } : p)) };
    expect(escalated(terms, obligation({}))).toEqual([
      ['responsible', PARTNERS.county.contactOfficer.email],
      ['lineOfficer', countyManager.email],
    ]);
  });

  test("when a pool names the host's finance officer, then the pool's escalations add it", () => {
    const pooled = validTerms();
    const terms = { ...pooled, pooledFund: { ...pooled.pooledFund!, financeOfficer } };
    const annualReturn = obligation({ kind: 'annualReturn', responsibleRole: 'poolManager', responsiblePartnerIds: [PARTNERS.county.id] });
    expect(escalated(terms, annualReturn).map(([, email]) => email)).toEqual([
      pooled.pooledFund!.poolManager.email,
      PARTNERS.county.contactOfficer.email,
      financeOfficer.email,
    ]);
  });

  test('when the terms name none of them, then the step keeps the recipients it had (arrangements already running are unchanged)', () => {
    const lead = validLeadCommissioningTerms();
    expect(escalated(lead, roResponse).map(([, email]) => email)).toEqual([
      lead.regionalOffice.officer.email,
      ...lead.partners.map((p) => p.contactOfficer.email),
    ]);
  });
});
