import { Module } from '@nestjs/common';
import { HomePageController } from './home/home.page-controller';
import { SignInPageController } from './sign-in/sign-in.page-controller';

/** Server-rendered pages for people using a browser: a second front end over the same services as the API. */
@Module({ controllers: [HomePageController, SignInPageController] })
export class WebModule {}
