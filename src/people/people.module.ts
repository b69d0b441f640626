import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { PeopleImportService } from './people-import.service';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({
  imports: [BookingsModule],
  controllers: [PeopleController], providers: [PeopleService, PeopleImportService], exports: [PeopleService] })
export class PeopleModule {}
