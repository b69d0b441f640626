import { BusinessRuleError, ConflictError } from '../common/domain-error';

/** 409: sessions refer to the course, so deleting it would take it from their records. */
export class CourseHasSessionsError extends ConflictError {
  constructor(sessions: number) {
    super('course-has-sessions', `${sessions} session${sessions === 1 ? '' : 's'} of this course exist; archive the course instead.`);
  }
}

/** 422: an archived course is no longer offered, so no new session may use it. */
export class CourseArchivedError extends BusinessRuleError {
  constructor() {
    super('course-archived', 'The course is archived; offer it again before adding sessions of it.', [
      { field: 'courseId', message: 'the course is archived' },
    ]);
  }
}
