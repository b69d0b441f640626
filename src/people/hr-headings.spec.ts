import { isOwnHeader, mappingGaps, normaliseHeading, suggestMapping } from './hr-headings';

describe('normaliseHeading', () => {
  it('keeps letters and digits only, lower-cased, accents dropped', () => {
    expect(normaliseHeading(' E-mail Address ')).toBe('emailaddress');
    expect(normaliseHeading('Job_Title (current)')).toBe('jobtitlecurrent');
    expect(normaliseHeading('Équipe')).toBe('equipe');
  });
});

describe('isOwnHeader', () => {
  it('is true only for our headings in our order', () => {
    expect(isOwnHeader(['name', 'email', 'organisation', 'team', 'jobTitle', 'newlyQualified'])).toBe(true);
    expect(isOwnHeader([' name', 'email ', 'organisation', 'team', 'jobTitle', 'newlyQualified'])).toBe(true);
    expect(isOwnHeader(['email', 'name', 'organisation', 'team', 'jobTitle', 'newlyQualified'])).toBe(false);
    expect(isOwnHeader(['Name', 'Email', 'Organisation', 'Team', 'Job title', 'Newly qualified'])).toBe(false);
  });
});

describe('suggestMapping', () => {
  it('maps the headings HR systems export to our fields, ignoring columns it does not know', () => {
    const headings = ['Employee number', 'Full name', 'Email address', 'Partnership', 'Team', 'Job title', 'NQSW', 'Cost centre'];
    expect(suggestMapping(headings)).toEqual({ name: 1, email: 2, organisation: 3, team: 4, jobTitle: 5, newlyQualified: 6 });
  });

  it('maps our own headings to themselves', () => {
    expect(suggestMapping(['name', 'email', 'organisation', 'team', 'jobTitle', 'newlyQualified'])).toEqual({
      name: 0,
      email: 1,
      organisation: 2,
      team: 3,
      jobTitle: 4,
      newlyQualified: 5,
    });
  });

  it('suggests first and last names when the export splits the name, and only then', () => {
    expect(suggestMapping(['Forename', 'Surname', 'Work Email', 'Department'])).toEqual({ firstName: 0, lastName: 1, email: 2, team: 3 });
    expect(suggestMapping(['Name', 'Forename', 'Surname', 'E-mail'])).toEqual({ name: 0, email: 3 });
  });

  it('takes the first of two columns with the same meaning, and leaves "Title" (Mr, Dr) alone', () => {
    expect(suggestMapping(['Title', 'Email', 'E-mail address', 'Organisation name'])).toEqual({ email: 1, organisation: 3 });
  });
});

describe('mappingGaps', () => {
  it('needs a name, an address and an organisation', () => {
    expect(mappingGaps({ name: 0, email: 1, organisation: 2 }, false)).toEqual([]);
    expect(mappingGaps({}, false)).toEqual(['name', 'email', 'organisation']);
  });

  it('accepts first and last names together, not one of them alone', () => {
    expect(mappingGaps({ firstName: 0, lastName: 1, email: 2, organisation: 3 }, false)).toEqual([]);
    expect(mappingGaps({ firstName: 0, email: 2, organisation: 3 }, false)).toEqual(['lastName']);
    expect(mappingGaps({ lastName: 1, email: 2, organisation: 3 }, false)).toEqual(['firstName']);
  });

  it('needs no organisation column when one organisation is given for everybody', () => {
    expect(mappingGaps({ name: 0, email: 1 }, true)).toEqual([]);
  });

  it('refuses one column for two fields', () => {
    expect(mappingGaps({ name: 0, email: 1, organisation: 2, team: 2 }, false)).toEqual(['duplicate']);
  });
});
