import { applyDecorators, CallHandler, Controller, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { pageLocals } from './page-locals';

/** Puts the layout's locals (sign-in state, navigation) in place once the AuthGuard has run. */
@Injectable()
export class PageLocalsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const response = http.getResponse<Response>();
    Object.assign(response.locals, pageLocals(http.getRequest<Request>()));
    response.setHeader('Cache-Control', 'no-store');
    return next.handle();
  }
}

/** A controller of server-rendered pages: outside the API and its OpenAPI document. */
export const PageController = (prefix = '') =>
  applyDecorators(Controller(prefix), ApiExcludeController(), UseInterceptors(PageLocalsInterceptor));
