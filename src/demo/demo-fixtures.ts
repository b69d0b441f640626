import { BOOTSTRAP_ORGANISATION } from '../auth/admin-bootstrap.service';
import type { Role } from '../people/person.entity';

/**
 * The fixed material of the demo data set. Every person is fictitious and every address is at
 * an `.example` domain (reserved, RFC 2606), so no demo mail can reach a real NHS mailbox.
 */

export interface DemoOrganisation {
  code: string;
  name: string;
  emailDomain: string;
}

/** The three Ayrshire partnerships whose social workers are the learners. */
export const PARTNERSHIPS: DemoOrganisation[] = [
  { code: 'NAHSCP', name: 'North Ayrshire Health and Social Care Partnership', emailDomain: 'nahscp.example' },
  { code: 'EAHSCP', name: 'East Ayrshire Health and Social Care Partnership', emailDomain: 'eahscp.example' },
  { code: 'SAHSCP', name: 'South Ayrshire Health and Social Care Partnership', emailDomain: 'sahscp.example' },
];

/** The organisation the ADMIN_EMAIL bootstrap creates, so the two agree when both run. */
export const LIBRARY_SERVICE: DemoOrganisation = { ...BOOTSTRAP_ORGANISATION, emailDomain: 'aalibrary.example' };

/** Social workers per partnership, and the share of them the demo shows as trained. */
export const SOCIAL_WORKERS_PER_PARTNERSHIP: Record<string, { count: number; trainedShare: number }> = {
  NAHSCP: { count: 25, trainedShare: 0.72 },
  EAHSCP: { count: 23, trainedShare: 0.65 },
  SAHSCP: { count: 22, trainedShare: 0.59 },
};

/** Teams with their weight in a partnership's social work workforce. */
export const TEAMS: { name: string; weight: number }[] = [
  { name: 'Children and Families', weight: 35 },
  { name: 'Adult Services', weight: 30 },
  { name: 'Mental Health', weight: 20 },
  { name: 'Justice Services', weight: 15 },
];

export const SENIOR_SHARE = 0.15;
export const NEWLY_QUALIFIED_SHARE = 0.15;
export const MENTAL_HEALTH_OFFICER_SHARE = 0.4;

/** Full names in Scottish Gaelic, with their accents, mixed in among the social workers. */
export const GAELIC_NAMES = [
  'Seonaidh Mac Giolla Bhrìghde',
  'Mòrag NicLeòid',
  'Eilidh NicDhòmhnaill',
  'Ruairidh MacAoidh',
  'Catrìona NicIllEathain',
  'Dòmhnall Mac an t-Saoir',
];

export const FIRST_NAMES = [
  'Aileen', 'Alan', 'Alison', 'Andrew', 'Angus', 'Ailsa', 'Callum', 'Carol', 'Craig', 'Claire',
  'David', 'Donna', 'Douglas', 'Elaine', 'Euan', 'Fraser', 'Gordon', 'Grant', 'Heather', 'Iain',
  'Isla', 'Jamie', 'Jennifer', 'Karen', 'Kenneth', 'Kirsty', 'Lorna', 'Lorraine', 'Malcolm', 'Moira',
  'Niall', 'Nicola', 'Paul', 'Rachel', 'Robert', 'Ross', 'Sandra', 'Scott', 'Shona', 'Siobhan',
  'Stephen', 'Susan', 'Tracey', 'William',
];

export const SURNAMES = [
  'Anderson', 'Armstrong', 'Bell', 'Boyle', 'Brown', 'Cameron', 'Campbell', 'Crawford', 'Cunningham',
  'Docherty', 'Douglas', 'Fergusson', 'Fleming', 'Gibson', 'Gilmour', 'Hamilton', 'Hendry', 'Hunter',
  'Johnstone', 'Kennedy', 'Kerr', 'Lindsay', 'MacDonald', 'McCulloch', 'McGhee', 'McKenzie', 'McLean',
  'Mitchell', 'Montgomerie', 'Muir', "O'Neill", 'Paterson', 'Quinn', 'Robertson', 'Shaw', 'Sinclair',
  'Stewart', 'Thomson', 'Walker', 'Wallace', 'Watson', 'Wilson', 'Wylie', 'Young',
];

export interface DemoStaffMember {
  /** Which persona's sign-in link is printed at start-up, if any. */
  persona?: DemoPersona;
  name: string;
  organisationCode: string;
  team: string | null;
  jobTitle: string;
  roles: Role[];
}

export type DemoPersona = 'learner' | 'trainer' | 'manager' | 'admin';

/** The library service's trainers (librarians who run the sessions). */
export const TRAINERS: DemoStaffMember[] = [
  { persona: 'trainer', name: 'Fiona Dunlop', organisationCode: LIBRARY_SERVICE.code, team: 'Knowledge Services', jobTitle: 'Clinical Librarian', roles: ['trainer'] },
  { name: 'Alasdair Boyd', organisationCode: LIBRARY_SERVICE.code, team: 'Knowledge Services', jobTitle: 'Knowledge Services Librarian', roles: ['trainer'] },
  { name: 'Rhona Kerr', organisationCode: LIBRARY_SERVICE.code, team: 'Outreach', jobTitle: 'Outreach Librarian (Social Care)', roles: ['trainer'] },
];

/** Two partnership managers; the second also books training for themself. */
export const MANAGERS: DemoStaffMember[] = [
  { persona: 'manager', name: 'Gillian Reid', organisationCode: 'NAHSCP', team: 'Children and Families', jobTitle: 'Team Manager', roles: ['manager'] },
  { name: 'Stuart Baird', organisationCode: 'EAHSCP', team: 'Adult Services', jobTitle: 'Senior Manager, Adult Services', roles: ['manager', 'learner'] },
];

export const ADMIN: DemoStaffMember = {
  persona: 'admin',
  name: 'Morven Galloway',
  organisationCode: LIBRARY_SERVICE.code,
  team: 'Library Systems',
  jobTitle: 'Library Systems Administrator',
  roles: ['admin'],
};

/** The social worker whose sign-in link is printed as the demo learner. */
export const DEMO_LEARNER_NAME = GAELIC_NAMES[0];

export interface DemoCourse {
  key: 'searching' | 'evidence' | 'induction';
  title: string;
  description: string;
  durationMinutes: number;
  cpdHours: number;
}

export const COURSES: DemoCourse[] = [
  {
    key: 'searching',
    title: 'Literature searching for social work practice',
    description:
      'Hands-on: turn a practice question into a search, choose between Social Care Online, ASSIA and ' +
      'CINAHL, combine terms with AND, OR and truncation, save the search and set an alert.',
    durationMinutes: 150,
    cpdHours: 2.5,
  },
  {
    key: 'evidence',
    title: 'Finding evidence to inform your practice',
    description:
      'Where to find research, guidance and grey literature that social work decisions can rest on ' +
      '(IRISS, SSSC Learning Zone, NICE, Care Inspectorate), and how to judge what you find.',
    durationMinutes: 120,
    cpdHours: 2,
  },
  {
    key: 'induction',
    title: 'Library induction',
    description:
      'What the library service offers social care staff: joining, your OpenAthens account, borrowing, ' +
      'articles on request, literature search requests and how to get help.',
    durationMinutes: 60,
    cpdHours: 1,
  },
];

export const IN_PERSON_LOCATIONS = [
  'Crosshouse Hospital library, Kilmarnock',
  'Ayr Hospital library, Ayr',
  'Cunninghame House, Irvine: training room 2',
  'Council Offices, Burns Square, Ayr: training suite',
];

export const ONLINE_LOCATION = 'Online (Microsoft Teams)';
export const ONLINE_URL_BASE = 'https://meet.example/library-training/';

export interface DemoSessionSlot {
  course: DemoCourse['key'];
  /** Calendar days from today (negative: in the past); moved to the next weekday if it falls on a weekend. */
  dayOffset: number;
  /** Local start time in Europe/London. */
  startHour: number;
  startMinute: number;
  capacity: number;
  online?: boolean;
  /** Upcoming only: how many confirmed bookings the session holds (capacity means full). */
  confirmed?: number;
  /** Upcoming only: people on the waitlist (the session must be full). */
  waitlisted?: number;
}

/** Past sessions; who attended is decided by the plan so the trained shares above hold. */
export const PAST_SESSIONS: DemoSessionSlot[] = [
  { course: 'searching', dayOffset: -300, startHour: 10, startMinute: 0, capacity: 14 },
  { course: 'induction', dayOffset: -262, startHour: 13, startMinute: 30, capacity: 16, online: true },
  { course: 'evidence', dayOffset: -215, startHour: 10, startMinute: 0, capacity: 14 },
  { course: 'searching', dayOffset: -171, startHour: 13, startMinute: 30, capacity: 14 },
  { course: 'evidence', dayOffset: -128, startHour: 10, startMinute: 0, capacity: 12, online: true },
  { course: 'induction', dayOffset: -93, startHour: 10, startMinute: 0, capacity: 16 },
  { course: 'searching', dayOffset: -60, startHour: 10, startMinute: 0, capacity: 14 },
  { course: 'evidence', dayOffset: -33, startHour: 13, startMinute: 30, capacity: 14 },
  { course: 'searching', dayOffset: -12, startHour: 10, startMinute: 0, capacity: 12 },
];

/** Upcoming sessions: free seats, some bookings, and one full session with a waitlist. */
export const UPCOMING_SESSIONS: DemoSessionSlot[] = [
  { course: 'searching', dayOffset: 3, startHour: 10, startMinute: 0, capacity: 8, confirmed: 8, waitlisted: 3 },
  { course: 'evidence', dayOffset: 9, startHour: 13, startMinute: 30, capacity: 14, confirmed: 6 },
  { course: 'induction', dayOffset: 16, startHour: 12, startMinute: 30, capacity: 20, online: true, confirmed: 4 },
  { course: 'searching', dayOffset: 23, startHour: 10, startMinute: 0, capacity: 12, confirmed: 3 },
  { course: 'evidence', dayOffset: 37, startHour: 10, startMinute: 0, capacity: 14, confirmed: 1 },
  { course: 'searching', dayOffset: 51, startHour: 13, startMinute: 30, capacity: 12, confirmed: 0 },
];

/** Of the people who were booked on a past session but did not attend: absent or excused. */
export const EXCUSED_SHARE_OF_NO_SHOWS = 0.4;
/** Share of untrained social workers who once booked a past session and did not come. */
export const NO_SHOW_SHARE_OF_UNTRAINED = 0.35;
/** Share of trained people who went on to attend a second, different course. */
export const SECOND_COURSE_SHARE = 0.3;

export const DEMO_SEED = 20261129;
