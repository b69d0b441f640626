import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthGuard } from './auth.guard';
import { CredentialCache } from './credential-cache';
import { CredentialsService } from './credentials.service';
import { MagicLinkIssuer } from './magic-link-issuer.service';
import { ServiceSecrets } from './service-secrets.service';
import { SignInController } from './sign-in.controller';
import { SignInPurge } from './sign-in-purge.service';
import { SignInService } from './sign-in.service';

@Global()
@Module({
  controllers: [SignInController, ApiTokensController],
  providers: [
    CredentialCache,
    CredentialsService,
    SignInService,
    MagicLinkIssuer,
    SignInPurge,
    ApiTokensService,
    AdminBootstrapService,
    ServiceSecrets,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [CredentialCache, CredentialsService, SignInService, ServiceSecrets, ApiTokensService],
})
export class AuthModule {}
