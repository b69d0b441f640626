import { columnsFormValues, readColumnsForm, readPreviewQuery } from './import-forms';

describe('readColumnsForm', () => {
  it('reads each select as the index of a column of the file, or not in the file', () => {
    const read = readColumnsForm({ name: '1', email: '2', organisation: '', team: '9', jobTitle: 'x', organisationForAll: 'EAHSCP' }, 5);
    expect(read.choice).toEqual({ columns: { name: 1, email: 2 }, organisationForAll: 'EAHSCP' });
    expect(read.errors).toEqual([]);
    expect(read.values).toMatchObject({ name: '1', team: '9', organisationForAll: 'EAHSCP' });
  });

  it('refuses an organisation column and one organisation for everyone together', () => {
    expect(readColumnsForm({ name: '0', email: '1', organisation: '2', organisationForAll: 'EAHSCP' }, 3).errors).toEqual([
      { field: 'organisationForAll', message: 'Choose an organisation column or one organisation for everyone, not both' },
    ]);
  });
});

describe('columnsFormValues', () => {
  it('fills the selects from a mapping', () => {
    expect(columnsFormValues({ name: 0, email: 3 }, null)).toEqual({
      organisationForAll: '',
      name: '0',
      firstName: '',
      lastName: '',
      email: '3',
      organisation: '',
      team: '',
      jobTitle: '',
      newlyQualified: '',
    });
  });
});

describe('readPreviewQuery', () => {
  it('reads which lines to show and the page', () => {
    expect(readPreviewQuery({ show: 'changed', page: '2' })).toEqual({ action: 'update', page: 2 });
    expect(readPreviewQuery({ show: 'everything', page: 'x' })).toEqual({ action: undefined, page: 1 });
  });
});
