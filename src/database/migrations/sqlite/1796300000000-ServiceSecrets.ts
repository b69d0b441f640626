import { MigrationInterface, QueryRunner } from 'typeorm';

/** Keys the service makes for itself and shares between instances (auth/service-secret.entity.ts). */
export class ServiceSecrets1796300000000 implements MigrationInterface {
  name = 'ServiceSecrets1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "service_secret" ("name" varchar(50) PRIMARY KEY NOT NULL, "value" varchar(128) NOT NULL, "createdAt" datetime NOT NULL)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "service_secret"`);
  }
}
