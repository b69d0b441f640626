import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { LogOutput } from './logging';

@Global()
@Module({ providers: [Clock, LogOutput], exports: [Clock, LogOutput] })
export class CommonModule {}
