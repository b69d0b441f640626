import { readCheckInForm } from './check-in-form';

const S1 = '3f1e2d4c-5b6a-4789-9abc-def012345678';

describe('readCheckInForm', () => {
  it('takes the one open session when none was chosen, and accepts a code typed loosely', () => {
    expect(readCheckInForm({ code: ' k7p-x3m ' }, [S1])).toEqual({ form: { sessionId: S1, code: 'k7p-x3m' }, errors: [] });
  });

  it('asks which session when several are open, and reads anything but an id as no choice', () => {
    const [first, second] = [S1, '7d2c9a4e-1b3f-4c5d-8e6f-0a1b2c3d4e5f'];
    expect(readCheckInForm({ code: 'K7PX3M' }, [first, second]).errors).toEqual([{ field: 'sessionId', message: 'Select the session you are at' }]);
    expect(readCheckInForm({ code: 'K7PX3M', sessionId: "x' OR 1=1" }, [first, second]).errors).toEqual([{ field: 'sessionId', message: 'Select the session you are at' }]);
    expect(readCheckInForm({ code: 'K7PX3M', sessionId: second }, [first, second])).toEqual({ form: { sessionId: second, code: 'K7PX3M' }, errors: [] });
  });

  it('refuses a missing code, and one that cannot be a code, keeping what was typed', () => {
    expect(readCheckInForm({}, [S1]).errors).toEqual([{ field: 'code', message: 'Enter the check-in code' }]);
    for (const code of ['K7PX3', 'K7PX3MM', 'K0PX3M', 'K7PX3M!']) {
      const { form, errors } = readCheckInForm({ code }, [S1]);
      expect(form.code).toBe(code);
      expect(errors).toEqual([{ field: 'code', message: 'Enter the 6-character code your trainer shows, like K7PX3M' }]);
    }
    expect(readCheckInForm({ code: ['K7PX3M'] }, [S1]).errors).toEqual([{ field: 'code', message: 'Enter the check-in code' }]);
  });
});
