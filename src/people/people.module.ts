import { Module } from '@nestjs/common';
import { BookingsModule } from '../bookings/bookings.module';
import { PeopleImportDrafts } from './people-import-drafts.service';
import { PeopleImportService } from './people-import.service';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({
  imports: [BookingsModule],
  controllers: [PeopleController],
  providers: [PeopleService, PeopleImportService, PeopleImportDrafts],
  exports: [PeopleService, PeopleImportDrafts],
})
export class PeopleModule {}
