import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in hardening: link requests wait for the background issuer (pendingPersonId, next), and
 * failed token exchanges are counted per client (token_exchange_failure).
 */
export class SignInHardening1796470000000 implements MigrationInterface {
  name = 'SignInHardening1796470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "token_exchange_failure" ("id" varchar PRIMARY KEY NOT NULL, "clientHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_a2102f3e44ea8ff6a4ee66bfd6" ON "token_exchange_failure" ("clientHash", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_3cc477c2fa98fdbf1fbbea74a8"`);
    await queryRunner.query(`DROP INDEX "IDX_cd805ff775cdbad3357e39907b"`);
    await queryRunner.query(`CREATE TABLE "temporary_magic_link_request" ("id" varchar PRIMARY KEY NOT NULL, "addressHash" varchar(64) NOT NULL, "clientHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL, "pendingPersonId" varchar, "next" varchar(500))`);
    await queryRunner.query(`INSERT INTO "temporary_magic_link_request"("id", "addressHash", "clientHash", "createdAt") SELECT "id", "addressHash", "clientHash", "createdAt" FROM "magic_link_request"`);
    await queryRunner.query(`DROP TABLE "magic_link_request"`);
    await queryRunner.query(`ALTER TABLE "temporary_magic_link_request" RENAME TO "magic_link_request"`);
    await queryRunner.query(`CREATE INDEX "IDX_3cc477c2fa98fdbf1fbbea74a8" ON "magic_link_request" ("addressHash", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_cd805ff775cdbad3357e39907b" ON "magic_link_request" ("clientHash", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_ffbf10012ebe0fecffec0478f4" ON "magic_link_request" ("pendingPersonId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_ffbf10012ebe0fecffec0478f4"`);
    await queryRunner.query(`DROP INDEX "IDX_cd805ff775cdbad3357e39907b"`);
    await queryRunner.query(`DROP INDEX "IDX_3cc477c2fa98fdbf1fbbea74a8"`);
    await queryRunner.query(`ALTER TABLE "magic_link_request" RENAME TO "temporary_magic_link_request"`);
    await queryRunner.query(`CREATE TABLE "magic_link_request" ("id" varchar PRIMARY KEY NOT NULL, "addressHash" varchar(64) NOT NULL, "clientHash" varchar(64) NOT NULL, "createdAt" datetime NOT NULL)`);
    await queryRunner.query(`INSERT INTO "magic_link_request"("id", "addressHash", "clientHash", "createdAt") SELECT "id", "addressHash", "clientHash", "createdAt" FROM "temporary_magic_link_request"`);
    await queryRunner.query(`DROP TABLE "temporary_magic_link_request"`);
    await queryRunner.query(`CREATE INDEX "IDX_cd805ff775cdbad3357e39907b" ON "magic_link_request" ("clientHash", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_3cc477c2fa98fdbf1fbbea74a8" ON "magic_link_request" ("addressHash", "createdAt") `);
    await queryRunner.query(`DROP INDEX "IDX_a2102f3e44ea8ff6a4ee66bfd6"`);
    await queryRunner.query(`DROP TABLE "token_exchange_failure"`);
  }
}
