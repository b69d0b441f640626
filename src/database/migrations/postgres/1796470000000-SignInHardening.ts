import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in hardening: link requests wait for the background issuer (pendingPersonId, next), and
 * failed token exchanges are counted per client (token_exchange_failure).
 */
export class SignInHardening1796470000000 implements MigrationInterface {
  name = 'SignInHardening1796470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "token_exchange_failure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "clientHash" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_344004038c08bfe610cb621b0bd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_a2102f3e44ea8ff6a4ee66bfd6" ON "token_exchange_failure" ("clientHash", "createdAt") `);
    await queryRunner.query(`ALTER TABLE "magic_link_request" ADD "pendingPersonId" uuid`);
    await queryRunner.query(`ALTER TABLE "magic_link_request" ADD "next" character varying(500)`);
    await queryRunner.query(`CREATE INDEX "IDX_ffbf10012ebe0fecffec0478f4" ON "magic_link_request" ("pendingPersonId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_ffbf10012ebe0fecffec0478f4"`);
    await queryRunner.query(`ALTER TABLE "magic_link_request" DROP COLUMN "next"`);
    await queryRunner.query(`ALTER TABLE "magic_link_request" DROP COLUMN "pendingPersonId"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a2102f3e44ea8ff6a4ee66bfd6"`);
    await queryRunner.query(`DROP TABLE "token_exchange_failure"`);
  }
}
