import { Module } from '@nestjs/common';
import { DemoDataService } from './demo-data.service';

/** Demo data and sign-in links at start-up when DEMO_DATA=true; does nothing otherwise. */
@Module({ providers: [DemoDataService] })
export class DemoModule {}
