import type { AuditEventDto } from '../../audit/dto/audit-event.dto';
import { auditPageView, describeAuditEvent, type Segment } from './audit-view';

const ADMIN = { id: 'a1', name: 'Aileen Admin' };

function event(overrides: Partial<AuditEventDto>): AuditEventDto {
  return {
    id: 'e1',
    occurredAt: new Date('2027-03-03T10:05:00Z'),
    action: 'course-created',
    actor: ADMIN,
    subject: { type: 'course', id: 'c1', name: 'Searching CINAHL' },
    details: {},
    ...overrides,
  };
}

/** The sentence as read, with [links]. */
const read = (segments: Segment[]) => segments.map((segment) => (segment.href ? `[${segment.text}](${segment.href})` : segment.text)).join('');

describe('describeAuditEvent', () => {
  it('names people as they are now, and an erased person without a name', () => {
    const person = { type: 'person' as const, id: 'p1', name: 'Isla Brown' };
    expect(read(describeAuditEvent(event({ action: 'person-created', subject: person, details: { roles: ['learner', 'trainer'] } })))).toBe(
      'Added [Isla Brown](/admin/people/p1) as Learner and Trainer',
    );
    expect(read(describeAuditEvent(event({ action: 'person-roles-changed', subject: person, details: { roles: { from: ['learner'], to: ['learner', 'admin'] } } })))).toBe(
      'Changed [Isla Brown’s](/admin/people/p1) roles from Learner to Learner and Administrator',
    );
    expect(read(describeAuditEvent(event({ action: 'person-changed', subject: person, details: { fields: ['email', 'team', 'jobTitle'] } })))).toBe(
      'Changed [Isla Brown’s](/admin/people/p1) e-mail address, team and job title',
    );
    expect(read(describeAuditEvent(event({ action: 'person-deactivated', subject: person })))).toBe('Deactivated [Isla Brown’s](/admin/people/p1) account');
    expect(read(describeAuditEvent(event({ action: 'person-erased', subject: { ...person, name: null } })))).toBe('Erased [an erased person](/admin/people/p1)');
  });

  it('says what an import did', () => {
    const imported = event({ action: 'people-imported', subject: { type: 'import', id: null, name: null }, details: { created: 12, updated: 3, unchanged: 40 } });
    expect(read(describeAuditEvent(imported))).toBe('Imported people from an HR file: 12 added, 3 changed, 40 unchanged');
  });

  it('links courses and organisations while they exist, and names a deleted course by the title it had', () => {
    expect(read(describeAuditEvent(event({ action: 'course-archived' })))).toBe('Archived the course [Searching CINAHL](/admin/courses/c1)');
    expect(read(describeAuditEvent(event({ action: 'course-changed', details: { fields: ['title', 'cpdHours'], title: { from: 'Old', to: 'Searching CINAHL' } } })))).toBe(
      'Changed the course [Searching CINAHL](/admin/courses/c1): title (was “Old”) and CPD hours',
    );
    expect(read(describeAuditEvent(event({ action: 'course-deleted', subject: { type: 'course', id: 'c1', name: null }, details: { title: 'Gone' } })))).toBe(
      'Deleted the course “Gone”',
    );
    const organisation = { type: 'organisation' as const, id: 'o1', name: 'North Ayrshire HSCP' };
    expect(read(describeAuditEvent(event({ action: 'organisation-changed', subject: organisation, details: { code: { from: 'NA', to: 'NAHSCP' } } })))).toBe(
      'Changed the organisation [North Ayrshire HSCP](/admin/organisations/o1): code from “NA” to “NAHSCP”',
    );
  });

  it('names a token and the person it acts as', () => {
    const token = event({
      action: 'api-token-revoked',
      subject: { type: 'api-token', id: 't1', name: 'HR import', holder: { id: 'p2', name: null } },
      details: { name: 'HR import' },
    });
    expect(read(describeAuditEvent(token))).toBe('Revoked the API token “HR import” acting as [an erased person](/admin/people/p2)');
  });
});

describe('auditPageView', () => {
  it('shows when in London time, who (an erased actor without a name), and pages', () => {
    const view = auditPageView({ items: [event({ actor: { id: 'a2', name: null } }), event({ actor: null })], total: 120 }, 2, 'c1');
    expect(view.rows.map((row) => [row.when, row.who])).toEqual([
      ['3 March 2027 at 10:05', { text: 'Erased person', href: '/admin/people/a2' }],
      ['3 March 2027 at 10:05', { text: 'The service' }],
    ]);
    expect(view.summary).toBe('Showing 51 to 52 of 120 changes, newest first');
    expect(view.narrowed).toBe(true);
    expect(view.pagination?.next).toEqual({ href: '/admin/audit?subject=c1&page=3' });
  });
});
