import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Booking } from '../../src/bookings/booking.entity';
import { OutboxMessage } from '../../src/notifications/outbox-message.entity';
import { makeCourse, makeOrganisation, makePerson, makeSession, makeSignedIn, signIn, SignedInPerson } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { testDialect } from '../support/test-database';

/**
 * Fuzzing every /api route the OpenAPI document describes: bodies, query strings and path
 * parameters drawn from each operation's own schema (valid-shaped values, so requests get past
 * validation into the services and the database) mixed with hostile ones (wrong types, huge and
 * odd numbers, any Unicode, NUL, deep nesting, long strings, impossible dates, unknown fields,
 * other media types). Whatever comes in, the service must answer below 500, every error as
 * problem details, and no answer may show a stack trace, SQL or a file path.
 *
 * Seeded: FUZZ_SEED repeats a run (the seed is printed); FUZZ_RUNS sets the requests per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 70);
const NOW = new Date('2026-10-01T08:00:00Z');

/** What no answer may contain: stack frames, SQL, driver errors, file paths. */
const LEAK = /\n\s+at |\bat [\w$.<>]+ \(|node_modules|\/work\/|\/src\/|\/dist\/|\.[jt]s:\d+|SELECT |INSERT INTO|UPDATE "|DELETE FROM|SQLITE_|QueryFailedError|TypeORMError|EntityNotFound|violates [a-z ]*constraint|duplicate key|syntax error at/;

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema: Schema }>;
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form, `/api/sessions/{id}`. */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  headers: Array<{ name: string; schema: Schema }>;
  body?: { mediaType: 'application/json'; schema: Schema } | { mediaType: 'text/csv' };
}

type Caller = 'admin' | 'learner' | 'anonymous';

interface FuzzRequest {
  caller: Caller;
  url: string;
  headers: Record<string, string>;
  /** Exactly the bytes sent; undefined: no body. */
  body?: string;
  contentType?: string;
}

/** Known ids by kind, so that valid-shaped requests reach real rows. */
type Pools = Record<'organisation' | 'person' | 'trainer' | 'course' | 'session' | 'booking' | 'apiToken' | 'outbox' | 'feedToken', string[]>;

function readOperations(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      operations.push({
        method: method as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map(({ name, schema }) => ({ name, schema })),
        headers: parameters.filter((p) => p.in === 'header').map(({ name, schema }) => ({ name, schema })),
        body: content['application/json']
          ? { mediaType: 'application/json', schema: content['application/json'].schema }
          : content['text/csv']
            ? { mediaType: 'text/csv' }
            : undefined,
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/**
 * JSON that JSON.stringify cannot write: numbers beyond a double (1e400 is Infinity to JavaScript)
 * and nesting deeper than its stack. A value stands in for it and is replaced in the text sent.
 */
const RAW_JSON = ['1e400', '-1e400', '123456789012345678901234567890', ...[33, 200, 5000].map((depth) => `${'[{"a":'.repeat(depth)}0${'}]'.repeat(depth)}`)];
const raw = (index: number) => `\u0001raw:${index}\u0001`;
const RAW_PATTERN = /"\\u0001raw:(\d+)\\u0001"/g;
const toJson = (value: unknown) => (JSON.stringify(value) ?? 'null').replace(RAW_PATTERN, (_match, index: string) => RAW_JSON[Number(index)]);

const oddNumber = fc.constantFrom(
  0,
  -0,
  -1,
  0.5,
  1.000001,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  1e21,
  1e308,
  -1e308,
  5e-324,
  raw(0),
  raw(1),
  raw(2),
);

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    'Òran MacÌomhair',
    'Siân Ní Bhriain',
    '👩🏽‍⚕️',
    '\u202Eevil',
    '\ud800',
    "O'Brien",
    "' OR '1'='1",
    "'); DROP TABLE person; --",
    '%00',
    '../../etc/passwd',
    '=HYPERLINK("http://x")',
    '<script>alert(1)</script>',
    '${7*7}',
    '{{7*7}}',
    '__proto__',
    'null',
    'true',
    '0',
    '-1',
    'NaN',
    'Infinity',
  ),
);

const longText = fc.constantFrom(201, 1001, 5001, 70_000).chain((length) => fc.constantFrom('x', 'é', '𝒳', '\u0000').map((unit) => unit.repeat(length)));
/** Long, but within the 16 KB Node.js allows for a request's head (longer is Node's 431, before the app). */
const MAX_URL_LENGTH = 12_000;
const longUrlText = fc.constantFrom(101, 1001, 1800).chain((length) => fc.constantFrom('x', 'é', '\u0000').map((unit) => unit.repeat(length)));

const oddDate = fc.oneof(
  fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-02-30T10:00:00Z',
    '2026-11-03T10:00:00+99:00',
    '2026-11-03T10:00:00-14:01',
    '2026-11-03T10:00:00+05:99',
    '2026-11-03T10:00:00',
    '2026-11-03',
    '2026-11-03T25:00:00Z',
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '9999-12-31T23:59:59Z',
    '9999-12-31T23:59:59-14:00',
    '+275760-09-13T00:00:00Z',
    '2026-03-29T01:30:00Z',
    '2026-10-25T01:30:00+01:00',
    '2026-11-03T10:00:00.123456789Z',
    'now',
    'yesterday',
    '1700000000',
  ),
);

/** JSON nested `depth` levels, alternating arrays and objects (just within the limit, or past it). */
const nested = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
  return value;
};

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  oddNumber,
  anyText,
  longText,
  oddDate,
  fc.constantFrom(31, 32, 33).map(nested),
  fc.constantFrom(raw(3), raw(4), raw(5)),
  fc.array(anyText, { maxLength: 3 }),
  fc.dictionary(anyText, anyText, { maxKeys: 3 }),
  fc.constantFrom({}, [], [[]], JSON.parse('{"__proto__":{"admin":true}}') as unknown, { constructor: { prototype: {} } }),
);

/** A valid e-mail address mostly; sometimes one that is only nearly so. */
const email = fc.oneof(
  { weight: 4, arbitrary: fc.emailAddress().filter((address) => address.length <= 320) },
  { weight: 1, arbitrary: fc.constantFrom('a@b', 'a@@example.test', 'A.B@EXAMPLE.TEST', ' a@example.test', 'a@example.test\n', 'ü@exämple.test') },
);

const POOL_FOR_FIELD: Record<string, keyof Pools> = {
  courseId: 'course',
  sessionId: 'session',
  personId: 'person',
  organisationId: 'organisation',
  trainerIds: 'trainer',
};

const POOL_FOR_PATH: Array<[RegExp, keyof Pools]> = [
  [/^\/api\/sessions\//, 'session'],
  [/^\/api\/bookings\//, 'booking'],
  [/^\/api\/people\//, 'person'],
  [/^\/api\/courses\//, 'course'],
  [/^\/api\/organisations\//, 'organisation'],
  [/^\/api\/auth\/api-tokens\//, 'apiToken'],
  [/^\/api\/admin\/outbox\//, 'outbox'],
  [/^\/api\/calendar-feeds\//, 'feedToken'],
];

/** Rows that requests create join the pools, so later operations reach live rows too. */
const CREATED_BY: Record<string, keyof Pools> = {
  'POST /api/sessions': 'session',
  'POST /api/bookings': 'booking',
  'POST /api/people': 'person',
  'POST /api/courses': 'course',
  'POST /api/organisations': 'organisation',
  'POST /api/auth/api-tokens': 'apiToken',
};

/**
 * `valid`: values that keep to the schema, so requests reach the services and the database.
 * `hostile`: the schema's shape with hostile values at any level, unknown fields, other media types.
 */
type Mode = 'valid' | 'hostile';

/** A valid instant, written with Z or a real offset. */
const instant = fc
  .tuple(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(0, 60, -300, 330, 840, -720))
  .map(([date, offsetMinutes]) => {
    if (offsetMinutes === 0) return date.toISOString();
    const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const size = Math.abs(offsetMinutes);
    return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(size / 60)).padStart(2, '0')}:${String(size % 60).padStart(2, '0')}`;
  });

function idFrom(pools: Pools, pool: keyof Pools | undefined): fc.Arbitrary<string> {
  const known = pool ? pools[pool] : Object.values(pools).flat();
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(known.length ? known : [randomUUID()])) }, { weight: 1, arbitrary: fc.uuid() });
}

class Generators {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly pools: Pools,
    private readonly organisationCodes: string[],
  ) {}

  /** A value for the schema; in hostile mode, sometimes a hostile value in its place. */
  value(schema: Schema, field: string, mode: Mode): fc.Arbitrary<unknown> {
    const shaped = this.shaped(schema, field, mode);
    return mode === 'valid' ? shaped : fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
  }

  private shaped(schema: Schema, field: string, mode: Mode): fc.Arbitrary<unknown> {
    if (schema.$ref) return this.shaped(this.document.components.schemas[schema.$ref.split('/').pop()!], field, mode);
    const shaped = this.shapedByType(schema, field, mode);
    return schema.nullable ? fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: fc.constant(null) }) : shaped;
  }

  private shapedByType(schema: Schema, field: string, mode: Mode): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.type === 'object') {
      const model = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, this.value(property, name, mode)]));
      const record = fc.record(model, { requiredKeys: schema.required ?? [] });
      if (mode === 'valid') return record;
      return fc.oneof(
        { weight: 3, arbitrary: record },
        { weight: 1, arbitrary: fc.tuple(record, anyText, hostileValue).map(([value, key, extra]) => ({ ...value, [key || 'extra']: extra })) },
      );
    }
    if (schema.type === 'array') return fc.array(this.value(schema.items ?? {}, field, mode), { minLength: schema.minItems ?? 0, maxLength: 4 });
    if (schema.type === 'number' || schema.type === 'integer') {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 100_000;
      const inRange = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      if (mode === 'valid') return inRange;
      return fc.oneof({ weight: 2, arbitrary: inRange }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1) });
    }
    if (schema.type === 'boolean') return fc.boolean();
    return this.text(schema, field, mode);
  }

  private text(schema: Schema, field: string, mode: Mode): fc.Arbitrary<string> {
    const valid = mode === 'valid';
    if (schema.format === 'uuid' || POOL_FOR_FIELD[field]) return idFrom(this.pools, POOL_FOR_FIELD[field]);
    if (schema.format === 'date-time' || /At$|^from$|^to$/.test(field)) return valid ? instant : fc.oneof(instant, oddDate);
    if (schema.format === 'email' || field === 'email') return valid ? fc.emailAddress().filter((address) => address.length <= 320) : email;
    if (field === 'code') return valid ? fc.stringMatching(/^[A-Za-z0-9-]{2,32}$/) : fc.oneof(anyText, fc.constantFrom('A', 'a b', 'x'.repeat(33)));
    if (field === 'timezone') return valid ? fc.constantFrom('Europe/London', 'europe/london', 'UTC', 'Pacific/Kiritimati', 'Etc/GMT+12') : fc.constantFrom('Mars/Olympus', '', '+01:00', 'Europe/London ');
    if (field === 'onlineUrl') return valid ? fc.webUrl({ validSchemes: ['http', 'https'] }) : fc.constantFrom('javascript:alert(1)', 'http://localhost', 'ftp://x.example', 'https://');
    const minLength = Math.max(schema.minLength ?? 0, 1);
    const maxLength = Math.min(schema.maxLength ?? 60, 60);
    if (valid) return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
    return fc.oneof(anyText, fc.string({ minLength: schema.maxLength ?? 100, maxLength: (schema.maxLength ?? 100) + 2 }));
  }

  /** A query value as text; in hostile mode sometimes odd text or a repeated key. */
  queryValue(name: string, schema: Schema, mode: Mode): fc.Arbitrary<string | string[]> {
    const asText = (value: unknown): string => (typeof value === 'string' ? value : toJson(value));
    const shaped = this.shaped(schema, name, mode).map(asText);
    if (mode === 'valid') return shaped;
    const one = fc.oneof(shaped, anyText, longUrlText, oddDate, fc.constantFrom('yes', 'no', '1', '0', '-1', '1e3', '0x10', ' 5', '5.5'));
    return fc.oneof({ weight: 4, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) });
  }

  /** A people-import file: the real header, rows of plausible cells; in hostile mode, anything. */
  csvFile(mode: Mode): fc.Arbitrary<string> {
    const valid = mode === 'valid';
    const header = valid
      ? fc.constant('name,email,organisation,team,jobTitle,newlyQualified')
      : fc.constantFrom('', 'name', 'email,name', '\uFEFFname,email,organisation,team,jobTitle,newlyQualified', 'a,a,a,a,a,a,a');
    const cell = (plausible: fc.Arbitrary<string>) => (valid ? plausible : fc.oneof(plausible, anyText, fc.constantFrom('"', '""', 'a,b', 'a\nb', '=1+1', '\r')));
    const row = fc
      .tuple(
        cell(fc.string({ minLength: 1, maxLength: 30 })),
        cell(fc.emailAddress()),
        cell(fc.constantFrom(...this.organisationCodes)),
        cell(fc.string({ maxLength: 20 })),
        cell(fc.string({ maxLength: 20 })),
        cell(fc.constantFrom('yes', 'no', 'true', 'false', '')),
      )
      .map((cells) => cells.map((value) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(','));
    return fc.tuple(header, fc.array(row, { maxLength: 6 }), fc.constantFrom('\n', '\r\n')).map(([head, rows, eol]) => [head, ...rows].join(eol));
  }

  request(operation: Operation, mode: Mode): fc.Arbitrary<FuzzRequest> {
    const valid = mode === 'valid';
    const pool = POOL_FOR_PATH.find(([pattern]) => pattern.test(operation.path))?.[1];
    const pathValue = valid
      ? idFrom(this.pools, pool)
      : fc.oneof(idFrom(this.pools, pool), anyText.filter((text) => text.length > 0), longUrlText, fc.constantFrom('..', '.', 'me', '%', '%2F', 'a/b'));
    const query = fc.record(Object.fromEntries(operation.query.map(({ name, schema }) => [name, this.queryValue(name, schema, mode)])), { requiredKeys: [] });
    const extraQuery = valid ? fc.constant(null) : fc.option(fc.tuple(fc.constantFrom('sort', 'x', '__proto__', 'limit[]', ''), anyText), { freq: 2 });
    const headers = fc.record(
      Object.fromEntries(
        operation.headers.map(({ name }) => [
          name,
          name.toLowerCase() === 'accept'
            ? fc.constantFrom('text/csv', 'application/json', '*/*', 'text/csv;q=0.5, application/json', 'text/html', 'garbage;;q=x')
            : valid
              ? fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)
              : fc.string({ unit: 'binary-ascii', maxLength: 300 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
        ]),
      ),
      { requiredKeys: [] },
    );
    const caller = fc.oneof({ weight: 7, arbitrary: fc.constant<Caller>('admin') }, { weight: 2, arbitrary: fc.constant<Caller>('anonymous') }, { weight: 1, arbitrary: fc.constant<Caller>('learner') });

    return fc
      .record({ caller, pathParams: fc.tuple(...operation.pathParams.map(() => pathValue)), query, extraQuery, headers, body: this.body(operation, mode) })
      .map(({ caller, pathParams, query, extraQuery, headers, body }) => {
        let index = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => encodePart(pathParams[index++]));
        const pairs = Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : [value].flat()).map((one) => `${encodePart(name)}=${encodePart(one)}`));
        if (extraQuery) pairs.push(`${encodePart(extraQuery[0])}=${encodePart(extraQuery[1])}`);
        const present = Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined);
        return { caller, url: pairs.length ? `${path}?${pairs.join('&')}` : path, headers: Object.fromEntries(present), ...body };
      });
  }

  private body(operation: Operation, mode: Mode): fc.Arbitrary<{ body?: string; contentType?: string }> {
    const valid = mode === 'valid';
    if (!operation.body) {
      return valid ? fc.constant({}) : fc.oneof(fc.constant({}), hostileValue.map((value) => ({ body: toJson(value), contentType: 'application/json' })));
    }
    if (operation.body.mediaType === 'text/csv') {
      const contentType = valid ? fc.constantFrom('text/csv', 'text/csv; charset=utf-8') : fc.constantFrom('text/csv; charset=windows-1252', 'text/csv; charset=x-unknown', 'application/json', 'text/plain');
      return fc.tuple(this.csvFile(mode), contentType).map(([csv, type]) => ({ body: csv, contentType: type }));
    }
    const json = this.value(operation.body.schema, '', mode).map((value) => ({ body: toJson(valid ? inOrder(value) : value), contentType: 'application/json' }));
    if (valid) return json;
    return fc.oneof(
      { weight: 6, arbitrary: json },
      { weight: 1, arbitrary: fc.constantFrom('{', '{"a":1,}', '[', '"text"', 'null', '', '{"a":"\\ud800"}', '\uFEFF{}').map((raw) => ({ body: raw, contentType: 'application/json' })) },
      { weight: 1, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=latin1').map((contentType) => ({ body: 'a=1', contentType })) },
    );
  }
}

/** A valid body names its end after its start, as every route that takes both requires. */
function inOrder(value: unknown): unknown {
  const body = value as { startsAt?: unknown; endsAt?: unknown };
  if (typeof body?.startsAt !== 'string' || typeof body.endsAt !== 'string') return value;
  const [startsAt, endsAt] = [body.startsAt, body.endsAt].sort((a, b) => Date.parse(a) - Date.parse(b));
  return { ...body, startsAt, endsAt };
}

function encodePart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8; send the replacement character instead.
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text);

// ---------------------------------------------------------------------------------------------

describe(`fuzzing every API route (${testDialect()})`, () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let operations: Operation[];
  let admin: SignedInPerson;
  let learner: SignedInPerson;
  let pools: Pools;
  let organisationCodes: string[];

  beforeAll(async () => {
    // Mail goes to the outbox as usual; the dispatcher need not compete for the two cores.
    t = await createTestApp({ now: NOW, env: { MAIL_POLL_INTERVAL_MS: '600000' } });
    const organisations = [await makeOrganisation(t.dataSource), await makeOrganisation(t.dataSource)];
    organisationCodes = organisations.map((o) => o.code);
    admin = await makeSignedIn(t.dataSource, organisations[0].id, ['admin']);
    learner = await makeSignedIn(t.dataSource, organisations[0].id, ['learner']);
    const trainers = [await makePerson(t.dataSource, { organisationId: organisations[0].id, roles: ['trainer'] })];
    const people = [...trainers];
    for (let n = 0; n < 6; n++) people.push(await makePerson(t.dataSource, { organisationId: organisations[n % 2].id, team: n % 3 ? 'Children and families' : null }));
    const courses = [await makeCourse(t.dataSource), await makeCourse(t.dataSource)];
    const day = 24 * 3600_000;
    const sessions = [
      await makeSession(t.dataSource, { courseId: courses[0].id, trainerIds: [trainers[0].id], now: NOW }),
      await makeSession(t.dataSource, { courseId: courses[1].id, trainerIds: [trainers[0].id], now: NOW, capacity: 1 }),
      await makeSession(t.dataSource, { courseId: courses[0].id, trainerIds: [trainers[0].id], now: NOW, startsAt: new Date(NOW.getTime() - 3 * day) }),
      await makeSession(t.dataSource, { courseId: courses[1].id, now: NOW, startsAt: new Date(NOW.getTime() + 30 * day), waitlistEnabled: false }),
      await makeSession(t.dataSource, { courseId: courses[1].id, trainerIds: [trainers[0].id], now: NOW, startsAt: new Date(NOW.getTime() - 3600_000) }),
    ];
    for (const person of people.slice(1, 4)) {
      await t.http.post('/api/bookings').set(admin.auth).send({ sessionId: sessions[0].id, personId: person.id }).expect(201);
      await t.http.post('/api/bookings').set(admin.auth).send({ sessionId: sessions[1].id, personId: person.id }).expect(201);
    }
    await t.http
      .put(`/api/sessions/${sessions[2].id}/attendance`)
      .set(admin.auth)
      .send({ records: people.slice(1, 4).map((person, n) => ({ personId: person.id, status: ['attended', 'absent', 'excused'][n] })) })
      .expect(200);
    const apiToken = (await t.http.post('/api/auth/api-tokens').set(admin.auth).send({ personId: people[1].id, name: 'Fuzz integration' }).expect(201)).body as { id: string };
    const feedUrl = (await t.http.get('/api/people/me/calendar-feed').set(learner.auth).expect(200)).body as { url: string };
    pools = {
      organisation: organisations.map((o) => o.id),
      person: people.map((p) => p.id),
      trainer: trainers.map((p) => p.id),
      course: courses.map((c) => c.id),
      session: sessions.map((s) => s.id),
      booking: (await t.dataSource.getRepository(Booking).find()).map((b) => b.id),
      apiToken: [apiToken.id],
      outbox: (await t.dataSource.getRepository(OutboxMessage).find({ take: 5 })).map((m) => m.id),
      feedToken: [/\/calendar-feeds\/([^/]+)\.ics$/.exec(feedUrl.url)![1]],
    };
    document = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDocument;
    // Feed rotations, cancellations and erasures last (bookings before their sessions), so that
    // the other operations still reach live rows.
    const rank = (operation: Operation) =>
      operation.method === 'delete' ? 3 : operation.path.endsWith('/cancel') ? (operation.path.startsWith('/api/sessions') ? 2 : 1) : operation.path.endsWith('/rotate') ? 1 : 0;
    operations = readOperations(document).sort((a, b) => rank(a) - rank(b));
  });
  afterAll(() => t.close());

  /** The bearer token for a call; signing out gets a token of its own, so the callers' stay valid. */
  async function authorisation(caller: Caller, operation: Operation): Promise<Record<string, string>> {
    if (caller === 'anonymous') return {};
    const who = caller === 'admin' ? admin : learner;
    const token = operation.path === '/api/auth/logout' ? await signIn(t.dataSource, who.person) : who.token;
    return { Authorization: `Bearer ${token}` };
  }

  /** Every rule an answer breaks, empty when it keeps them all. */
  function violations(request: FuzzRequest, status: number, contentType: string, text: string, body: unknown): string[] {
    const broken: string[] = [];
    if (status >= 500) broken.push(`answered ${status}`);
    if (status >= 400) {
      const problem = body as { type?: unknown; title?: unknown; status?: unknown } | undefined;
      if (!/^application\/problem\+json/.test(contentType)) broken.push(`error as ${contentType || 'no content type'}`);
      else if (typeof problem?.type !== 'string' || typeof problem.title !== 'string' || problem.status !== status) broken.push('incomplete problem details');
    }
    const leak = LEAK.exec(text);
    if (leak && !`${request.url}\n${request.body ?? ''}`.includes(leak[0])) broken.push(`shows ${JSON.stringify(leak[0])}`);
    return broken;
  }

  it('answers every generated request below 500, errors as problem details, leaking nothing', async () => {
    process.stdout.write(`fuzz seed ${SEED}, ${RUNS_PER_OPERATION} requests per operation (FUZZ_SEED=${SEED} repeats this run)\n`);
    expect(operations.length).toBeGreaterThan(40);
    const generators = new Generators(document, pools, organisationCodes);
    const failures: string[] = [];
    const statuses: string[] = [];
    let sent = 0;
    for (const [index, operation] of operations.entries()) {
      const seen = new Map<number, number>();
      const arbitrary = fc.oneof(generators.request(operation, 'valid'), generators.request(operation, 'hostile')).filter((request) => request.url.length <= MAX_URL_LENGTH && !LEAK.test(`${request.url}\n${request.body ?? ''}`));
      const details = await fc.check(
        fc.asyncProperty(arbitrary, async (request) => {
          let call = t.http[operation.method](request.url).set(await authorisation(request.caller, operation)).set(request.headers);
          if (request.contentType) call = call.set('Content-Type', request.contentType);
          const res = await (request.body !== undefined ? call.send(request.body) : call);
          sent++;
          const created = (res.body as { id?: unknown } | undefined)?.id;
          const pool = CREATED_BY[`${operation.method.toUpperCase()} ${operation.path}`];
          if (res.status === 201 && pool && typeof created === 'string') pools[pool].push(created);
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          const text = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '');
          const broken = violations(request, res.status, String(res.headers['content-type'] ?? ''), text, res.body);
          if (broken.length) throw new Error(`${broken.join('; ')}: ${res.status} ${text.slice(0, 300)}`);
        }),
        { seed: SEED + index, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
      statuses.push(`${operation.method.toUpperCase()} ${operation.path}: ${[...seen].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`);
      if (details.failed) {
        const request = details.counterexample?.[0];
        const shown = request && { ...request, url: cut(request.url), body: request.body && cut(request.body) };
        failures.push(`${operation.method.toUpperCase()} ${operation.path} (seed ${SEED + index}): ${String((details.errorInstance as Error | undefined)?.message)}\n  request: ${JSON.stringify(shown)}`);
      }
    }
    process.stdout.write(`fuzz sent ${sent} requests to ${operations.length} operations; answers by status:\n  ${statuses.join('\n  ')}\n`);
    expect(failures).toEqual([]);
  }, 300_000);
});
