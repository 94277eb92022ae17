/**
 * The embedded default's people and organisations: the identities the local sign-in page offers and
 * the bodies the create journey lets a person choose as partners. Used only where no identity
 * provider is configured and hapa listens on loopback (`localSignInAllowed`); a real deployment's
 * people come from its identity provider.
 */
import type { Actor, Partner } from '../domain';

const contact = (name: string, org: string) => ({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@${org}.example.org.uk` });

/** The demonstration bodies, all in the North West region. */
export const DEMO_ORGANISATIONS: readonly Partner[] = [
  {
    id: 'pct-riverside',
    name: 'Riverside Primary Care Trust',
    kind: 'primaryCareTrust',
    region: 'northWest',
    contactOfficer: contact('Priya Shah', 'riverside-pct'),
    chiefOfficer: contact('Peter Lowe', 'riverside-pct'),
  },
  {
    id: 'cc-northshire',
    name: 'Northshire County Council',
    kind: 'countyCouncil',
    region: 'northWest',
    contactOfficer: contact('Cara Okafor', 'northshire-cc'),
    chiefOfficer: contact('Colin Marsh', 'northshire-cc'),
  },
  {
    id: 'ha-northshire',
    name: 'Northshire Health Authority',
    kind: 'healthAuthority',
    region: 'northWest',
    contactOfficer: contact('Hannah Price', 'northshire-ha'),
    chiefOfficer: contact('Harold Reed', 'northshire-ha'),
  },
];

/** One identity the local sign-in page offers: who they are, in words, and the actor they act as. */
export interface DemoIdentity {
  id: string;
  name: string;
  description: string;
  actor: Actor;
}

/** The identities of the local sign-in page, the same shapes `npm run token` mints. */
export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    id: 'ro-north-west',
    name: 'Rory Adams',
    description: 'Regional Office officer, North West',
    actor: { id: 'rory.adams@nw-regional-office.example.org.uk', role: 'regionalOfficeOfficer', region: 'northWest' },
  },
  ...DEMO_ORGANISATIONS.map((o): DemoIdentity => ({
    id: o.id,
    name: o.contactOfficer.name,
    description: `Partner officer, ${o.name}`,
    actor: { id: o.contactOfficer.email, role: 'partnerOfficer', organisationId: o.id },
  })),
  {
    id: 'administrator',
    name: 'Alex Morgan',
    description: 'Administrator',
    actor: { id: 'alex.morgan@hapa-admin.example.org.uk', role: 'administrator' },
  },
];
