import { foldForSearch, personSearchText, searchTextPatterns } from './person-search';

describe('foldForSearch', () => {
  it('finds Gaelic and Scots names however they are typed', () => {
    for (const typed of ['Òran MacÌomhair', 'òran macìomhair', 'ÒRAN MACÌOMHAIR', 'ORAN MACIOMHAIR', 'Oran MacIomhair']) {
      expect(foldForSearch(typed)).toBe('oran maciomhair');
    }
    expect(foldForSearch('Seonaidh Mac Giolla Bhrìghde')).toBe('seonaidh mac giolla bhrighde');
    expect(foldForSearch('Eòghann Dòmhnallach')).toBe('eoghann domhnallach');
  });

  it('makes typographic apostrophes plain, collapses spaces and trims', () => {
    expect(foldForSearch('  Ruairidh   O’Neil\t')).toBe("ruairidh o'neil");
    expect(foldForSearch('O´Neil')).toBe("o'neil");
  });

  it('spells letters without a combining mark as they are typed plainly', () => {
    expect(foldForSearch('Søren Straße Æbeltoft')).toBe('soren strasse aebeltoft');
    expect(foldForSearch('ﬁona')).toBe('fiona');
  });
});

describe('personSearchText', () => {
  it('holds the folded name and address on two lines', () => {
    expect(personSearchText({ name: 'Òran MacÌomhair', email: 'Oran.M@Example.NHS.uk' })).toBe('oran maciomhair\noran.m@example.nhs.uk');
  });

  it('keeps a line break inside a name from looking like the end of the name', () => {
    expect(personSearchText({ name: 'Two\nLines', email: 'x@example.test' })).toBe('two lines\nx@example.test');
  });

  it('is null for an erased person', () => {
    expect(personSearchText({ name: null, email: null })).toBeNull();
  });
});

describe('searchTextPatterns', () => {
  it('matches anywhere, or only before the line break that ends the name, with wildcards taken literally', () => {
    expect(searchTextPatterns('oran')).toEqual({ anywhere: '%oran%', inName: '%oran%\n%' });
    expect(searchTextPatterns('100%_')).toEqual({ anywhere: '%100\\%\\_%', inName: '%100\\%\\_%\n%' });
  });
});
