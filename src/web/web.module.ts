import { Module } from '@nestjs/common';
import { AuthCallbackController } from './auth-callback.controller';

/** Server-rendered pages for people using a browser. */
@Module({ controllers: [AuthCallbackController] })
export class WebModule {}
