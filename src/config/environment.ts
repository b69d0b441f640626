import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['true', '1', 'yes'].includes(String(value).toLowerCase());
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every variable the service reads, with its default. `.env.example` documents each one. */
export class Environment {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'DATABASE_URL must be sqlite:<file> or postgres://…' })
  DATABASE_URL = 'sqlite:data/training.sqlite';

  /** PostgreSQL connections per instance (SQLite has one); see docs/decisions/2026-12-02-booking-path.md for the measurement. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 20;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be smtp://… or smtps://…' })
  SMTP_URL?: string;

  /** Where .eml files go when SMTP_URL is unset. */
  @IsString()
  MAIL_DIR = 'data/mail';

  @IsEmail({ require_tld: false })
  MAIL_FROM = 'training@localhost';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({ require_tld: false })
  ADMIN_EMAIL?: string;

  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  REMINDER_LEAD_HOURS = 24;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  ACCESS_TOKEN_TTL_HOURS = 12;

  /**
   * How long an instance answers a token from memory before asking the database again: the
   * bound on how late it sees a sign-out, revocation or role change made on another instance.
   * 0 asks the database on every request.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  CREDENTIAL_CACHE_TTL_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(600_000)
  MAIL_POLL_INTERVAL_MS = 2000;

  /** Delivery attempts before a message that keeps failing transiently is marked failed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTEMPTS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  REMINDER_SCAN_INTERVAL_MS = 60_000;

  @IsString()
  @Matches(/^(error|warn|log|debug|verbose)$/)
  LOG_LEVEL = 'log';

  /**
   * Which reverse proxies may set X-Forwarded-For (Express "trust proxy"): unset trusts none;
   * e.g. "loopback", "1" (hops) or "10.0.0.0/8". Rate limits per client depend on it.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:/, ]{1,200}$/)
  TRUST_PROXY?: string;

  get trustProxy(): string | number | false {
    if (!this.TRUST_PROXY) return false;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  get databaseDialect(): 'sqlite' | 'postgres' {
    return this.DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  }
}

/** Used by ConfigModule.validate: refuses to start with a message naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return environment;
}
