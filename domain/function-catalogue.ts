import type { Sector } from './partners';

/** One NHS function or LA health-related function that an arrangement may (or may not) cover. */
export interface CatalogueFunction {
  /** Stable id used in terms and delegations, e.g. 'nhs.communityHealth' or 'X-SURG'. */
  id: string;
  label: string;
  sector: Sector;
  /** True when the regulations exclude it from partnership arrangements (SI 617 regs 5, 6). */
  excluded: boolean;
  /** Where its inclusion or exclusion comes from, with provenance. */
  legalBasis: string;
  /** True when it may hide an excluded "other invasive treatment" and needs a recorded manual review (X-INVASIVE, inferred). */
  manualReview?: boolean;
}

const NHS_IN_SCOPE = 'SI 2000/618 reg 2 [V], assumed identical for SI 2000/617 reg 5 (unverified)';
const NHS_EXCLUDED = 'SI 2000/618 reg 2(2) [V], assumed identical for SI 2000/617 reg 5 (unverified); HSC 2000/010 para 2 [V]';
const LA_IN_SCOPE = 'HSC 2000/010 para 2 [V]; DH slides [V]; SI 2000/617 reg 6 enactment list (unverified)';

/** The function catalogue as data (section31.md §5): excluded NHS codes of §5.1 and in-scope functions of §5.1–5.2. */
export const FUNCTION_CATALOGUE: readonly CatalogueFunction[] = [
  // Excluded NHS functions (§5.1).
  { id: 'X-SURG', label: 'Surgery', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  { id: 'X-RADIO', label: 'Radiotherapy', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  { id: 'X-TOP', label: 'Termination of pregnancies', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  { id: 'X-ENDO', label: 'Endoscopy', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  { id: 'X-LASER', label: 'Class 4 laser treatments', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  { id: 'X-INVASIVE', label: 'Other invasive treatments', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  { id: 'X-AMB', label: 'Emergency ambulance services', sector: 'nhs', excluded: true, legalBasis: NHS_EXCLUDED },
  {
    id: 'X-DRUGS',
    label: 'Provision of scheduled drugs and other substances (primary care regulations)',
    sector: 'nhs',
    excluded: true,
    legalBasis: NHS_EXCLUDED,
  },
  {
    id: 'X-FHS',
    label: 'Family health services (GMS, GDS, GOS, pharmaceutical services)',
    sector: 'nhs',
    excluded: true,
    legalBasis: 'unverified: SI 2000/617 reg 5; treated as excluded until the text is confirmed',
  },
  // In-scope NHS functions (§5.1).
  {
    id: 'nhs.communityHealth',
    label: 'Community health services (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.rehabilitation',
    label: 'Rehabilitation services (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.admissionAvoidance',
    label: 'Services intended to avoid admission to hospital (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.acuteNonSurgical',
    label: 'Acute hospital services other than surgery (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: `${NHS_IN_SCOPE}; DH slides "acute services except surgery" [V]`,
    manualReview: true,
  },
  {
    id: 'nhs.schoolHealth',
    label: 'School health services (NHS Act 1977 s5(1), (1A), (1B), Sch 1)',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.mentalHealthAftercare',
    label: 'Mental health after-care (Mental Health Act 1983 ss25A-25H, 117)',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.patientTransport',
    label: 'Non-emergency patient transport',
    sector: 'nhs',
    excluded: false,
    legalBasis: `${NHS_IN_SCOPE}; DH slides [V]`,
  },
  {
    id: 'nhs.learningDisabilityHealth',
    label: 'Learning disability health services (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.communityEquipment',
    label: 'Community equipment (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  {
    id: 'nhs.substanceMisuse',
    label: 'Drug and alcohol treatment services, other than scheduled drugs (NHS Act 1977 ss2, 3(1))',
    sector: 'nhs',
    excluded: false,
    legalBasis: NHS_IN_SCOPE,
  },
  // LA health-related functions (§5.2).
  {
    id: 'la.residentialCare',
    label: 'Residential care (LASSA 1970 Sch 1)',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.domiciliaryCare',
    label: 'Domiciliary and community care (LASSA 1970 Sch 1)',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.disabilityServices',
    label: 'Services for disabled people (LASSA 1970 Sch 1)',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.childrensServices',
    label: 'Social services for children (LASSA 1970 Sch 1)',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.mentalHealthSocialCare',
    label: 'Social care for people with mental disorder (LASSA 1970 Sch 1)',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.learningDisabilitySocialCare',
    label: 'Social care for people with learning disabilities (LASSA 1970 Sch 1)',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.housingAdaptations',
    label: 'Housing: allocation, homelessness and adaptations',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  {
    id: 'la.education',
    label: 'Education, including special educational needs',
    sector: 'localAuthority',
    excluded: false,
    legalBasis: LA_IN_SCOPE,
  },
  { id: 'la.environmentalHealth', label: 'Environmental health', sector: 'localAuthority', excluded: false, legalBasis: LA_IN_SCOPE },
  { id: 'la.leisure', label: 'Leisure and recreation', sector: 'localAuthority', excluded: false, legalBasis: LA_IN_SCOPE },
  { id: 'la.transport', label: 'Transport', sector: 'localAuthority', excluded: false, legalBasis: LA_IN_SCOPE },
  { id: 'la.libraries', label: 'Libraries', sector: 'localAuthority', excluded: false, legalBasis: LA_IN_SCOPE },
  {
    id: 'la.charging',
    label: 'Charging for services',
    sector: 'localAuthority',
    excluded: true,
    legalBasis: 'Health Act 1999 s31(5) [V]; EN 240 [V] (inferred: charging stays with the LA and is never pooled or delegated)',
  },
];

/** Looks up a catalogue entry by id. */
export function catalogueFunction(id: string): CatalogueFunction | undefined {
  return FUNCTION_CATALOGUE.find((f) => f.id === id);
}
