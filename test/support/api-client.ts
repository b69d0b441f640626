import { randomBytes } from 'node:crypto';

export type Role = 'learner' | 'trainer' | 'manager' | 'admin';

export interface Organisation {
  id: string;
  code: string;
  name: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  organisationId: string;
  roles: Role[];
}

export interface Course {
  id: string;
  title: string;
}

export interface Session {
  id: string;
  courseId: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  capacity: number;
  status: 'scheduled' | 'cancelled';
  seatsLeft: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON API of a running app, called as an integration would: a bearer token and JSON bodies
 * (the API refuses cookie-authenticated cross-site writes and bodies without a JSON Content-Type).
 * Any answer other than the expected status throws with the problem details.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly accessToken?: string,
  ) {}

  withToken(accessToken: string): ApiClient {
    return new ApiClient(this.baseUrl, accessToken);
  }

  get<T>(path: string, expectStatus = 200): Promise<T> {
    return this.request<T>('GET', path, undefined, expectStatus);
  }

  post<T>(path: string, body: unknown, expectStatus = 201): Promise<T> {
    return this.request<T>('POST', path, body, expectStatus);
  }

  patch<T>(path: string, body: unknown, expectStatus = 200): Promise<T> {
    return this.request<T>('PATCH', path, body, expectStatus);
  }

  delete<T>(path: string, expectStatus = 204): Promise<T> {
    return this.request<T>('DELETE', path, undefined, expectStatus);
  }

  async request<T>(method: string, path: string, body: unknown, expectStatus: number, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.accessToken ? { Authorization: `Bearer ${this.accessToken}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    if (response.status !== expectStatus) {
      throw new ApiError(response.status, parsed, `${method} ${path}: expected ${expectStatus}, got ${response.status}: ${text.slice(0, 2000)}`);
    }
    return parsed as T;
  }

  // Seeding: what browser tests set up before a person opens the pages. Unique codes and
  // addresses by default, so one app can hold the data of several tests.

  createOrganisation(input: Partial<Pick<Organisation, 'code' | 'name'>> = {}): Promise<Organisation> {
    const code = input.code ?? `ORG-${uniqueSuffix().toUpperCase()}`;
    return this.post<Organisation>('/api/organisations', { code, name: input.name ?? `Organisation ${code}` });
  }

  createPerson(input: {
    organisationId: string;
    name?: string;
    email?: string;
    roles?: Role[];
    team?: string;
    jobTitle?: string;
    newlyQualified?: boolean;
    libraryMember?: boolean;
  }): Promise<Person> {
    const suffix = uniqueSuffix();
    return this.post<Person>('/api/people', {
      name: `Person ${suffix}`,
      email: `person.${suffix}@example.test`,
      ...input,
    });
  }

  createCourse(input: { title?: string; description?: string; durationMinutes?: number; cpdHours?: number } = {}): Promise<Course> {
    return this.post<Course>('/api/courses', { title: `Course ${uniqueSuffix()}`, ...input });
  }

  /** A session `startsInDays` from now (default 7), two hours long, 10 places. */
  createSession(input: {
    courseId: string;
    startsAt?: string;
    endsAt?: string;
    startsInDays?: number;
    timezone?: string;
    location?: string | null;
    onlineUrl?: string | null;
    capacity?: number;
    trainerIds?: string[];
    bookingOpensAt?: string | null;
    bookingClosesAt?: string | null;
    waitlistEnabled?: boolean;
  }): Promise<Session> {
    const { startsInDays = 7, ...fields } = input;
    const startsAt = fields.startsAt ?? new Date(Date.now() + startsInDays * 86_400_000).toISOString();
    const endsAt = fields.endsAt ?? new Date(new Date(startsAt).getTime() + 2 * 3_600_000).toISOString();
    return this.post<Session>('/api/sessions', { capacity: 10, location: 'Library, University Hospital Crosshouse', ...fields, startsAt, endsAt });
  }
}

function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}
