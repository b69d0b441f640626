import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** Calendar downloads and personal feeds; invitations by e-mail live in notifications. */
@Module({ controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
