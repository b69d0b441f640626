import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../../auth/actor';
import { AttendanceService } from '../../attendance/attendance.service';
import { CheckInService } from '../../attendance/check-in.service';
import { CurrentActor, Roles } from '../../auth/auth.decorators';
import { BusinessRuleError, FieldError } from '../../common/domain-error';
import { Environment } from '../../config/environment';
import { FormBody } from '../forms/form-fields';
import { PageController } from '../page-controller.decorator';
import { PageIdPipe } from '../page-id.pipe';
import { marksToSave, readRegisterForm, RegisterForm } from './forms/register-form';
import { searchTermError } from './presenters/people-views';
import { checkInScreenView, registerView, RegisterFormState, signInSheetView } from './presenters/register-view';
import { RegisterData, TrainerPages } from './trainer-pages.service';

const TEMPLATE = 'trainer/register.njk';

/**
 * The register on the day: everyone booked in one form (Attended, Absent or Excused each),
 * walk-ins found by a search and added on the same form, saved at once through the attendance
 * service (one transaction, each change in the history); the self check-in code to project; and
 * a printable sign-in sheet. Whoever does not run the session's register gets the 403 page.
 */
@PageController('trainer/sessions/:id')
@Roles('trainer', 'admin')
export class RegisterPageController {
  constructor(
    private readonly pages: TrainerPages,
    private readonly attendance: AttendanceService,
    private readonly checkIns: CheckInService,
    private readonly environment: Environment,
  ) {}

  @Get('register')
  async register(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Query('saved') saved: unknown, @Res() response: Response): Promise<void> {
    const data = await this.pages.register(actor, id);
    const savedCount = typeof saved === 'string' && /^\d{1,4}$/.test(saved) ? Number(saved) : undefined;
    response.render(TEMPLATE, registerView(data, { saved: savedCount }));
  }

  /**
   * One form, four buttons: save, mark everyone not yet marked as attended and save, search for a
   * walk-in, add a walk-in found. Searching and adding draw the form again with everything chosen
   * kept, so nothing is lost and the register is still saved once.
   */
  @Post('register')
  @HttpCode(200)
  async saveRegister(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Body() body: FormBody, @Res() response: Response): Promise<void> {
    const data = await this.pages.register(actor, id);
    const form = readRegisterForm(
      body,
      data.sheet.records.map((record) => record.personId),
    );
    const again = (status: number, state: Omit<RegisterFormState, 'form'> = {}) => response.status(status).render(TEMPLATE, registerView(data, { form, ...state }));

    switch (form.action.kind) {
      case 'search': {
        const error = searchTermError(form.q, 'q');
        if (error) return again(400, { errors: [error] });
        return again(200, { found: await this.pages.findPeople(actor, form.q) });
      }
      case 'add-walk-in':
        return this.addWalkIn(actor, form, form.action.personId, again);
      case 'save':
      case 'mark-all':
        break;
    }

    const marks = marksToSave(form);
    if (marks.length === 0) return response.redirect(303, `/trainer/sessions/${id}/register?saved=0`);
    try {
      await this.attendance.update(actor, id, { records: marks });
    } catch (failure) {
      if (!(failure instanceof BusinessRuleError)) throw failure;
      return again(422, { errors: registerErrors(failure, marks.map((mark) => mark.personId), data, form) });
    }
    response.redirect(303, `/trainer/sessions/${id}/register?saved=${marks.length}`);
  }

  @Post('check-in-code')
  async startCheckIn(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    await this.checkIns.code(actor, id);
    response.redirect(303, `/trainer/sessions/${id}/check-in-code`);
  }

  /** The code alone, large, for a projector or a screen in the room. */
  @Get('check-in-code')
  async checkInScreen(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const data = await this.pages.checkInScreen(actor, id);
    response.render('trainer/check-in-code.njk', checkInScreenView(data, `${this.environment.publicUrl}/check-in`));
  }

  @Get('sign-in-sheet')
  async signInSheet(@CurrentActor() actor: Actor, @Param('id', PageIdPipe) id: string, @Res() response: Response): Promise<void> {
    const data = await this.pages.signInSheet(actor, id);
    response.render('trainer/sign-in-sheet.njk', signInSheetView(data));
  }

  private async addWalkIn(
    actor: Actor,
    form: RegisterForm,
    personId: string,
    again: (status: number, state?: Omit<RegisterFormState, 'form'>) => void,
  ): Promise<void> {
    // The search is run again, so what is added is what the service found for this trainer.
    const found = searchTermError(form.q, 'q') ? [] : await this.pages.findPeople(actor, form.q);
    const person = found.find((candidate) => candidate.id === personId);
    if (!person) return again(400, { errors: [{ field: 'q', message: 'That person was not found. Search for them again' }] });
    if (!form.choices.has(person.id)) {
      form.pendingWalkIns.push({
        personId: person.id,
        name: person.name ?? '',
        team: person.team ?? '',
        organisation: 'organisation' in person ? person.organisation : '',
      });
      form.choices.set(person.id, { shown: null, chosen: 'attended' });
    }
    form.q = '';
    again(200, { added: person.name ?? 'The person' });
  }
}

/** The attendance service's refusal, said on the page: the whole register, or the walk-in it names. */
function registerErrors(failure: BusinessRuleError, personIds: string[], data: RegisterData, form: RegisterForm): FieldError[] {
  switch (failure.code) {
    case 'session-not-started':
      return [{ field: 'register', message: 'You can mark attendance once the session has started' }];
    case 'session-cancelled':
      return [{ field: 'register', message: 'The session is cancelled, so it has no register' }];
    case 'walk-in-refused':
      return (failure.errors ?? []).map((error) => {
        const index = Number(/^records\.(\d+)\./.exec(error.field)?.[1]);
        const personId = personIds[index];
        const name = [...data.sheet.records, ...form.pendingWalkIns].find((entry) => entry.personId === personId)?.name;
        return { field: `mark-${personId}`, message: `${name ?? 'This person'} cannot be added: their account is no longer active` };
      });
    default:
      return [{ field: 'register', message: failure.message }];
  }
}
