import { marksToSave, readRegisterForm } from './register-form';

const ANN = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const CAL = '33333333-3333-4333-8333-333333333333';
const WALK_IN = '44444444-4444-4444-8444-444444444444';

describe('the register form', () => {
  it('saves only the marks changed on the form, so another trainer’s marks made meanwhile stay', () => {
    const form = readRegisterForm(
      {
        [`shown-${ANN}`]: 'attended',
        [`mark-${ANN}`]: 'attended',
        [`shown-${BOB}`]: '',
        [`mark-${BOB}`]: 'absent',
        [`shown-${CAL}`]: 'absent',
        [`mark-${CAL}`]: 'excused',
        action: 'save',
      },
      [ANN, BOB, CAL],
    );
    expect(form.action).toEqual({ kind: 'save' });
    expect(marksToSave(form)).toEqual([
      { personId: BOB, status: 'absent' },
      { personId: CAL, status: 'excused' },
    ]);
  });

  it('marks everyone with no mark as attended, keeping the marks chosen', () => {
    const form = readRegisterForm({ [`mark-${ANN}`]: 'absent', [`shown-${CAL}`]: 'excused', [`mark-${CAL}`]: 'excused', action: 'mark-all' }, [ANN, BOB, CAL]);
    expect(marksToSave(form)).toEqual([
      { personId: ANN, status: 'absent' },
      { personId: BOB, status: 'attended' },
    ]);
  });

  it('carries walk-ins added on the form until they are saved, each once and never someone already listed', () => {
    const form = readRegisterForm(
      {
        'walk-in': [WALK_IN, WALK_IN, ANN, 'not-an-id'],
        [`walk-in-name-${WALK_IN}`]: 'Dana Walker',
        [`walk-in-team-${WALK_IN}`]: 'Adult services',
        [`walk-in-organisation-${WALK_IN}`]: 'East Ayrshire HSCP',
        [`mark-${WALK_IN}`]: 'attended',
        q: ' dana ',
        action: 'search',
      },
      [ANN],
    );
    expect(form.pendingWalkIns).toEqual([{ personId: WALK_IN, name: 'Dana Walker', team: 'Adult services', organisation: 'East Ayrshire HSCP' }]);
    expect(form).toMatchObject({ action: { kind: 'search' }, q: 'dana' });
    expect(marksToSave(form)).toEqual([{ personId: WALK_IN, status: 'attended' }]);
  });

  it('reads which walk-in to add, and takes anything unknown as no choice or a plain save', () => {
    expect(readRegisterForm({ action: `add-walk-in-${WALK_IN}` }, []).action).toEqual({ kind: 'add-walk-in', personId: WALK_IN });
    expect(readRegisterForm({ action: 'add-walk-in-x' }, []).action).toEqual({ kind: 'save' });
    const form = readRegisterForm({ [`mark-${ANN}`]: 'present', [`shown-${ANN}`]: ['absent', 'x'] }, [ANN]);
    expect(form.choices.get(ANN)).toEqual({ shown: null, chosen: null });
    expect(marksToSave(form)).toEqual([]);
  });
});
