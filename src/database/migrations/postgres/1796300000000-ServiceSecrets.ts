import { MigrationInterface, QueryRunner } from 'typeorm';

/** Keys the service makes for itself and shares between instances (auth/service-secret.entity.ts). */
export class ServiceSecrets1796300000000 implements MigrationInterface {
  name = 'ServiceSecrets1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "service_secret" ("name" character varying(50) NOT NULL, "value" character varying(128) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_service_secret" PRIMARY KEY ("name"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "service_secret"`);
  }
}
