import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in links are sent before bulk booking mail (outbox_message.priority). */
export class OutboxPriority1796210713946 implements MigrationInterface {
  name = 'OutboxPriority1796210713946';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "priority" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "priority"`);
  }
}
