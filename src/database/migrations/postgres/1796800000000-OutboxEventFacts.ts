import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking's mail is stored as the facts of the event and rendered when sent: outbox_message
 * gains bookingId, causedById, invitationSequence and facts, and its subject and bodies may be
 * null until then. The claim order gets its own index (descending priority, written by hand:
 * TypeORM cannot declare it). Down restores NOT NULL, so it fails while unrendered rows remain.
 */
export class OutboxEventFacts1796800000000 implements MigrationInterface {
  name = 'OutboxEventFacts1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "bookingId" uuid`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "causedById" uuid`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "invitationSequence" integer`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "facts" text`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "subject" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "textBody" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "htmlBody" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_message_claim_order" ON "outbox_message" ("priority" DESC, "createdAt", "id") WHERE "status" = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_message_claim_order"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "htmlBody" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "textBody" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ALTER COLUMN "subject" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "facts"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "invitationSequence"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "causedById"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "bookingId"`);
  }
}
