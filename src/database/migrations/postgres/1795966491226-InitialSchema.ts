import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795966491226 implements MigrationInterface {
  name = 'InitialSchema1795966491226';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "attendance_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sessionId" uuid NOT NULL, "personId" uuid NOT NULL, "oldStatus" character varying(16), "newStatus" character varying(16) NOT NULL, "source" character varying(16) NOT NULL, "changedById" uuid NOT NULL, "changedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_048b031580a2e2aa6e508ffa271" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_82e1c6b56d9dfa3e7e2dea9294" ON "attendance_change" ("sessionId", "changedAt") `);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_6a3122daf3cb06cb4f1f87ae642" UNIQUE ("code"), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200), "email" character varying(320), "emailKey" character varying(320), "organisationId" uuid NOT NULL, "team" character varying(200), "jobTitle" character varying(200), "roles" text NOT NULL, "newlyQualified" boolean NOT NULL DEFAULT false, "libraryMember" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "erasedAt" TIMESTAMP WITH TIME ZONE, "calendarFeedToken" character varying(64), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_5fef453fb0163ef7be1d4d0453c" UNIQUE ("emailKey"), CONSTRAINT "UQ_b6bdcec73d099a00453d6b34c07" UNIQUE ("calendarFeedToken"), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_56541cce7604b0c3d3617ec019" ON "person" ("organisationId", "team") `);
    await queryRunner.query(`CREATE TABLE "course" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "description" text, "durationMinutes" integer, "cpdHours" double precision, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bf95180dd756fd204fb01ce4916" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "training_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "courseId" uuid NOT NULL, "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "endsAt" TIMESTAMP WITH TIME ZONE NOT NULL, "timezone" character varying(64) NOT NULL DEFAULT 'Europe/London', "location" character varying(500), "onlineUrl" character varying(2000), "capacity" integer NOT NULL, "confirmedCount" integer NOT NULL DEFAULT '0', "waitlistArrivals" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'scheduled', "cancelledAt" TIMESTAMP WITH TIME ZONE, "cancellationReason" character varying(1000), "bookingClosesAt" TIMESTAMP WITH TIME ZONE, "waitlistEnabled" boolean NOT NULL DEFAULT true, "checkInCode" character varying(16), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_session_times" CHECK ("endsAt" > "startsAt"), CONSTRAINT "CHK_session_capacity" CHECK ("capacity" BETWEEN 1 AND 1000), CONSTRAINT "CHK_session_seats" CHECK ("confirmedCount" >= 0 AND "confirmedCount" <= "capacity"), CONSTRAINT "PK_a17a9657ff5a6e048bfd82c4651" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_88cf3cafd5caade674275bc6db" ON "training_session" ("courseId", "startsAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_b8c76075a47e07ebeaa8c0beb2" ON "training_session" ("startsAt") `);
    await queryRunner.query(`CREATE TABLE "attendance_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sessionId" uuid NOT NULL, "personId" uuid NOT NULL, "bookingId" uuid, "status" character varying(16) NOT NULL, "walkIn" boolean NOT NULL DEFAULT false, "recordedById" uuid, "recordedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c23131acc63826e373019447965" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_44843a7624d3717bb6def1cbec" ON "attendance_record" ("personId", "status", "sessionId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3e8bce93d71aff20aa373f857e" ON "attendance_record" ("sessionId", "personId") `);
    await queryRunner.query(`CREATE TABLE "check_in_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "personId" uuid NOT NULL, "sessionId" uuid NOT NULL, "attemptedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_87403482fb53795d0a3d3e84024" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_20b5420b39c8728dade4726a12" ON "check_in_attempt" ("personId", "attemptedAt") `);
    await queryRunner.query(`CREATE TABLE "auth_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "personId" uuid NOT NULL, "kind" character varying(16) NOT NULL, "tokenHash" character varying(64) NOT NULL, "name" character varying(200), "expiresAt" TIMESTAMP WITH TIME ZONE, "usedAt" TIMESTAMP WITH TIME ZONE, "revokedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_7634f50cfa7ac8e4e4d5f31e356" UNIQUE ("tokenHash"), CONSTRAINT "PK_4572ff5d1264c4a523f01aa86a0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_7e75cebc8339b2c7ee3dba2a0a" ON "auth_token" ("personId", "kind") `);
    await queryRunner.query(`CREATE TABLE "magic_link_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "addressHash" character varying(64) NOT NULL, "clientHash" character varying(64) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3c47b3eb3969eac9967106cfb8c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_cd805ff775cdbad3357e39907b" ON "magic_link_request" ("clientHash", "createdAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_3cc477c2fa98fdbf1fbbea74a8" ON "magic_link_request" ("addressHash", "createdAt") `);
    await queryRunner.query(`CREATE TABLE "booking" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sessionId" uuid NOT NULL, "personId" uuid NOT NULL, "status" character varying(16) NOT NULL, "waitlistRank" integer, "bookedById" uuid, "invitationSequence" integer NOT NULL DEFAULT '0', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "confirmedAt" TIMESTAMP WITH TIME ZONE, "cancelledAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_49171efc69702ed84c812f33540" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_1d793b8a175b7950f0bc268a56" ON "booking" ("personId", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_882d214b09b657f49476ff382f" ON "booking" ("sessionId", "status", "waitlistRank") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_booking_active_person" ON "booking" ("sessionId", "personId") WHERE "status" IN ('confirmed', 'waitlisted')`);
    await queryRunner.query(`CREATE TABLE "idempotency_record" ("callerId" uuid NOT NULL, "key" character varying(200) NOT NULL, "requestHash" character varying(64) NOT NULL, "responseStatus" integer NOT NULL, "responseBody" text NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a44dab859aa74a3b7cbe0d65869" PRIMARY KEY ("callerId", "key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_0506b4f42fb119b584fc2c729f" ON "idempotency_record" ("createdAt") `);
    await queryRunner.query(`CREATE TABLE "outbox_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "dedupeKey" character varying(200), "recipient" character varying(320) NOT NULL, "subject" character varying(500) NOT NULL, "textBody" text NOT NULL, "htmlBody" text NOT NULL, "calendarMethod" character varying(16), "calendarContent" text, "sessionId" uuid, "personId" uuid, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" TIMESTAMP WITH TIME ZONE NOT NULL, "lockedUntil" TIMESTAMP WITH TIME ZONE, "lastError" character varying(2000), "sentAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_31eee88a5bcc18794fb29ea1777" UNIQUE ("dedupeKey"), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(`CREATE TABLE "session_trainer" ("sessionId" uuid NOT NULL, "personId" uuid NOT NULL, CONSTRAINT "PK_364d247f39a3a52b7b37f3d24b1" PRIMARY KEY ("sessionId", "personId"))`);
    await queryRunner.query(`CREATE INDEX "IDX_135b6bf5aaeb059c6c22bc934e" ON "session_trainer" ("sessionId") `);
    await queryRunner.query(`CREATE INDEX "IDX_03e68363f6bbff5b2b854f3c17" ON "session_trainer" ("personId") `);
    await queryRunner.query(`ALTER TABLE "person" ADD CONSTRAINT "FK_7cd2f5e857eb0610921d0471845" FOREIGN KEY ("organisationId") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "training_session" ADD CONSTRAINT "FK_c97c69de24a6c667d576a1547ea" FOREIGN KEY ("courseId") REFERENCES "course"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_record" ADD CONSTRAINT "FK_71e9a968e80d3c7c746705a74d2" FOREIGN KEY ("sessionId") REFERENCES "training_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance_record" ADD CONSTRAINT "FK_01f584c83118d7724901ab2da66" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "auth_token" ADD CONSTRAINT "FK_1bb0408992649052e170ecfcfee" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "booking" ADD CONSTRAINT "FK_d705b90516ad050892df39ad8aa" FOREIGN KEY ("sessionId") REFERENCES "training_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "booking" ADD CONSTRAINT "FK_1eec16b8e3e91b9c40209427d81" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "session_trainer" ADD CONSTRAINT "FK_135b6bf5aaeb059c6c22bc934e7" FOREIGN KEY ("sessionId") REFERENCES "training_session"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "session_trainer" ADD CONSTRAINT "FK_03e68363f6bbff5b2b854f3c177" FOREIGN KEY ("personId") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "session_trainer" DROP CONSTRAINT "FK_03e68363f6bbff5b2b854f3c177"`);
    await queryRunner.query(`ALTER TABLE "session_trainer" DROP CONSTRAINT "FK_135b6bf5aaeb059c6c22bc934e7"`);
    await queryRunner.query(`ALTER TABLE "booking" DROP CONSTRAINT "FK_1eec16b8e3e91b9c40209427d81"`);
    await queryRunner.query(`ALTER TABLE "booking" DROP CONSTRAINT "FK_d705b90516ad050892df39ad8aa"`);
    await queryRunner.query(`ALTER TABLE "auth_token" DROP CONSTRAINT "FK_1bb0408992649052e170ecfcfee"`);
    await queryRunner.query(`ALTER TABLE "attendance_record" DROP CONSTRAINT "FK_01f584c83118d7724901ab2da66"`);
    await queryRunner.query(`ALTER TABLE "attendance_record" DROP CONSTRAINT "FK_71e9a968e80d3c7c746705a74d2"`);
    await queryRunner.query(`ALTER TABLE "training_session" DROP CONSTRAINT "FK_c97c69de24a6c667d576a1547ea"`);
    await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_7cd2f5e857eb0610921d0471845"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_03e68363f6bbff5b2b854f3c17"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_135b6bf5aaeb059c6c22bc934e"`);
    await queryRunner.query(`DROP TABLE "session_trainer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0506b4f42fb119b584fc2c729f"`);
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_booking_active_person"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_882d214b09b657f49476ff382f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1d793b8a175b7950f0bc268a56"`);
    await queryRunner.query(`DROP TABLE "booking"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3cc477c2fa98fdbf1fbbea74a8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cd805ff775cdbad3357e39907b"`);
    await queryRunner.query(`DROP TABLE "magic_link_request"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7e75cebc8339b2c7ee3dba2a0a"`);
    await queryRunner.query(`DROP TABLE "auth_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_20b5420b39c8728dade4726a12"`);
    await queryRunner.query(`DROP TABLE "check_in_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3e8bce93d71aff20aa373f857e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_44843a7624d3717bb6def1cbec"`);
    await queryRunner.query(`DROP TABLE "attendance_record"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b8c76075a47e07ebeaa8c0beb2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_88cf3cafd5caade674275bc6db"`);
    await queryRunner.query(`DROP TABLE "training_session"`);
    await queryRunner.query(`DROP TABLE "course"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_56541cce7604b0c3d3617ec019"`);
    await queryRunner.query(`DROP TABLE "person"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_82e1c6b56d9dfa3e7e2dea9294"`);
    await queryRunner.query(`DROP TABLE "attendance_change"`);
  }
}
