import { readCheckInForm } from './check-in-form';

describe('readCheckInForm', () => {
  it('takes the one open session when none was chosen, and accepts a code typed loosely', () => {
    expect(readCheckInForm({ code: ' k7p-x3m ' }, ['s1'])).toEqual({ form: { sessionId: 's1', code: 'k7p-x3m' }, errors: [] });
  });

  it('asks which session when several are open', () => {
    expect(readCheckInForm({ code: 'K7PX3M' }, ['s1', 's2']).errors).toEqual([{ field: 'sessionId', message: 'Select the session you are at' }]);
    expect(readCheckInForm({ code: 'K7PX3M', sessionId: 's2' }, ['s1', 's2']).errors).toEqual([]);
  });

  it('refuses a missing code, and one that cannot be a code, keeping what was typed', () => {
    expect(readCheckInForm({}, ['s1']).errors).toEqual([{ field: 'code', message: 'Enter the check-in code' }]);
    for (const code of ['K7PX3', 'K7PX3MM', 'K0PX3M', 'K7PX3M!']) {
      const { form, errors } = readCheckInForm({ code }, ['s1']);
      expect(form.code).toBe(code);
      expect(errors).toEqual([{ field: 'code', message: 'Enter the 6-character code your trainer shows, like K7PX3M' }]);
    }
    expect(readCheckInForm({ code: ['K7PX3M'] }, ['s1']).errors).toEqual([{ field: 'code', message: 'Enter the check-in code' }]);
  });
});
