import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, PayloadTooLargeException } from '@nestjs/common';
import type { Response } from 'express';
import { CSV_UPLOAD_LIMIT_BYTES } from '../../people/csv-body.decorator';
import { UPLOAD_PAGE, uploadView } from './import-view';

/**
 * The upload's own refusals, before the route runs (FileInterceptor's multer: a file over the
 * limit, more than one file, a broken body): the upload form again, saying what is wrong, rather
 * than an error page.
 */
@Catch(PayloadTooLargeException, BadRequestException)
export class ImportUploadFilter implements ExceptionFilter {
  catch(exception: PayloadTooLargeException | BadRequestException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const message =
      exception instanceof PayloadTooLargeException
        ? `The file must be smaller than ${CSV_UPLOAD_LIMIT_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one after another`
        : `The upload could not be read. Choose one CSV file, or paste the rows, of at most ${CSV_UPLOAD_LIMIT_BYTES / 1024 / 1024} MB`;
    response.setHeader('Cache-Control', 'no-store');
    response.status(exception.getStatus()).render(UPLOAD_PAGE, uploadView(String(response.locals.csrfToken), [{ field: 'file', message }]));
  }
}
