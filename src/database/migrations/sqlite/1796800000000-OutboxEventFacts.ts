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
    await queryRunner.query(`DROP INDEX "IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`CREATE TABLE "temporary_outbox_message" ("id" varchar PRIMARY KEY NOT NULL, "kind" varchar(40) NOT NULL, "dedupeKey" varchar(200), "recipient" varchar(320) NOT NULL, "subject" varchar(500) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "calendarMethod" varchar(16), "calendarContent" text, "sessionId" varchar, "personId" varchar, "status" varchar(16) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime NOT NULL, "lockedUntil" datetime, "lastError" varchar(2000), "sentAt" datetime, "createdAt" datetime NOT NULL, "priority" integer NOT NULL DEFAULT (0), "bookingId" varchar, "causedById" varchar, "invitationSequence" integer, "facts" text, CONSTRAINT "UQ_31eee88a5bcc18794fb29ea1777" UNIQUE ("dedupeKey"))`);
    await queryRunner.query(`INSERT INTO "temporary_outbox_message"("id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority") SELECT "id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority" FROM "outbox_message"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`ALTER TABLE "temporary_outbox_message" RENAME TO "outbox_message"`);
    await queryRunner.query(`CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(`DROP INDEX "IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`CREATE TABLE "temporary_outbox_message" ("id" varchar PRIMARY KEY NOT NULL, "kind" varchar(40) NOT NULL, "dedupeKey" varchar(200), "recipient" varchar(320) NOT NULL, "subject" varchar(500), "textBody" text, "htmlBody" text, "calendarMethod" varchar(16), "calendarContent" text, "sessionId" varchar, "personId" varchar, "status" varchar(16) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime NOT NULL, "lockedUntil" datetime, "lastError" varchar(2000), "sentAt" datetime, "createdAt" datetime NOT NULL, "priority" integer NOT NULL DEFAULT (0), "bookingId" varchar, "causedById" varchar, "invitationSequence" integer, "facts" text, CONSTRAINT "UQ_31eee88a5bcc18794fb29ea1777" UNIQUE ("dedupeKey"))`);
    await queryRunner.query(`INSERT INTO "temporary_outbox_message"("id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority", "bookingId", "causedById", "invitationSequence", "facts") SELECT "id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority", "bookingId", "causedById", "invitationSequence", "facts" FROM "outbox_message"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`ALTER TABLE "temporary_outbox_message" RENAME TO "outbox_message"`);
    await queryRunner.query(`CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_message_claim_order" ON "outbox_message" ("priority" DESC, "createdAt", "id") WHERE "status" = 'pending'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_outbox_message_claim_order"`);
    await queryRunner.query(`DROP INDEX "IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" RENAME TO "temporary_outbox_message"`);
    await queryRunner.query(`CREATE TABLE "outbox_message" ("id" varchar PRIMARY KEY NOT NULL, "kind" varchar(40) NOT NULL, "dedupeKey" varchar(200), "recipient" varchar(320) NOT NULL, "subject" varchar(500) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "calendarMethod" varchar(16), "calendarContent" text, "sessionId" varchar, "personId" varchar, "status" varchar(16) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime NOT NULL, "lockedUntil" datetime, "lastError" varchar(2000), "sentAt" datetime, "createdAt" datetime NOT NULL, "priority" integer NOT NULL DEFAULT (0), "bookingId" varchar, "causedById" varchar, "invitationSequence" integer, "facts" text, CONSTRAINT "UQ_31eee88a5bcc18794fb29ea1777" UNIQUE ("dedupeKey"))`);
    await queryRunner.query(`INSERT INTO "outbox_message"("id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority", "bookingId", "causedById", "invitationSequence", "facts") SELECT "id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority", "bookingId", "causedById", "invitationSequence", "facts" FROM "temporary_outbox_message"`);
    await queryRunner.query(`DROP TABLE "temporary_outbox_message"`);
    await queryRunner.query(`CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(`DROP INDEX "IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" RENAME TO "temporary_outbox_message"`);
    await queryRunner.query(`CREATE TABLE "outbox_message" ("id" varchar PRIMARY KEY NOT NULL, "kind" varchar(40) NOT NULL, "dedupeKey" varchar(200), "recipient" varchar(320) NOT NULL, "subject" varchar(500) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "calendarMethod" varchar(16), "calendarContent" text, "sessionId" varchar, "personId" varchar, "status" varchar(16) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime NOT NULL, "lockedUntil" datetime, "lastError" varchar(2000), "sentAt" datetime, "createdAt" datetime NOT NULL, "priority" integer NOT NULL DEFAULT (0), CONSTRAINT "UQ_31eee88a5bcc18794fb29ea1777" UNIQUE ("dedupeKey"))`);
    await queryRunner.query(`INSERT INTO "outbox_message"("id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority") SELECT "id", "kind", "dedupeKey", "recipient", "subject", "textBody", "htmlBody", "calendarMethod", "calendarContent", "sessionId", "personId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lastError", "sentAt", "createdAt", "priority" FROM "temporary_outbox_message"`);
    await queryRunner.query(`DROP TABLE "temporary_outbox_message"`);
    await queryRunner.query(`CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `);
  }
}
