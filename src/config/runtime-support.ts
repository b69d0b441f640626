/**
 * The Node.js release lines this service knows, with the day each leaves support (end of life),
 * from the Node.js release schedule (github.com/nodejs/Release, schedule.json). Production runs
 * 24 LTS; 22 is the lowest supported line; 20 is past its end of life and stays only while the
 * machines that run CI come with it.
 */
export const NODE_RELEASE_LINES: readonly NodeReleaseLine[] = [
  { major: 20, name: 'Iron', endOfLife: '2026-04-30' },
  { major: 22, name: 'Jod', endOfLife: '2027-04-30' },
  { major: 24, name: 'Krypton', endOfLife: '2028-04-30' },
];

export const PRODUCTION_NODE_MAJOR = 24;
export const LOWEST_SUPPORTED_NODE_MAJOR = 22;

export interface NodeReleaseLine {
  major: number;
  /** The LTS code name. */
  name: string;
  /** The last day of support, a calendar date (support ends at the close of that day, UTC). */
  endOfLife: string;
}

export interface RuntimeSupport {
  /** 'warn' when the runtime is past its end of life or not a line this service knows. */
  level: 'log' | 'warn';
  message: string;
}

/** What the start-up log says about the Node.js runtime `version` (as in process.version) at `now`. */
export function runtimeSupport(version: string, now: Date): RuntimeSupport {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  const runtime = `Node.js ${version}`;
  const production = `production runs Node.js ${PRODUCTION_NODE_MAJOR} LTS`;
  const line = NODE_RELEASE_LINES.find((known) => known.major === major);
  if (!line) {
    const known = NODE_RELEASE_LINES.map((known) => known.major).join(', ');
    return { level: 'warn', message: `${runtime} is not a release line this service is known to run on (${known}); ${production}` };
  }
  const lineName = `Node.js ${line.major} LTS (${line.name})`;
  if (now.getTime() >= dayAfter(line.endOfLife)) {
    return {
      level: 'warn',
      message: `${runtime} is past its end of life: ${lineName} left support on ${line.endOfLife} and gets no more security fixes; ${production}`,
    };
  }
  if (line.major < LOWEST_SUPPORTED_NODE_MAJOR) {
    return {
      level: 'warn',
      message: `${runtime} is below the lowest supported line, Node.js ${LOWEST_SUPPORTED_NODE_MAJOR}; ${lineName} leaves support on ${line.endOfLife}; ${production}`,
    };
  }
  if (line.major === PRODUCTION_NODE_MAJOR) {
    return { level: 'log', message: `${runtime}: ${lineName}, the production runtime, supported until ${line.endOfLife}` };
  }
  return { level: 'log', message: `${runtime}: ${lineName}, supported until ${line.endOfLife}; ${production}` };
}

function dayAfter(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + 24 * 3600_000;
}
