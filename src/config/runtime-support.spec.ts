import { NODE_RELEASE_LINES, runtimeSupport } from './runtime-support';

describe('runtimeSupport', () => {
  const today = new Date('2026-12-02T12:00:00Z');

  it('names Node 24 as the production runtime with the day it leaves support', () => {
    expect(runtimeSupport('v24.21.0', today)).toEqual({
      level: 'log',
      message: 'Node.js v24.21.0: Node.js 24 LTS (Krypton), the production runtime, supported until 2028-04-30',
    });
  });

  it('names Node 22 as supported until its end of life', () => {
    expect(runtimeSupport('v22.22.0', today)).toEqual({
      level: 'log',
      message: 'Node.js v22.22.0: Node.js 22 LTS (Jod), supported until 2027-04-30; production runs Node.js 24 LTS',
    });
  });

  it('warns that Node 20 is past its end of life and names the production runtime', () => {
    expect(runtimeSupport('v20.20.2', today)).toEqual({
      level: 'warn',
      message:
        'Node.js v20.20.2 is past its end of life: Node.js 20 LTS (Iron) left support on 2026-04-30 and gets no more security fixes; production runs Node.js 24 LTS',
    });
  });

  it('counts the end-of-life day itself as supported, in UTC', () => {
    expect(runtimeSupport('v22.0.0', new Date('2027-04-30T23:59:59.999Z')).level).toBe('log');
    expect(runtimeSupport('v22.0.0', new Date('2027-05-01T00:00:00Z')).message).toContain('past its end of life');
    expect(runtimeSupport('v24.1.0', new Date('2028-05-01T00:00:00Z')).level).toBe('warn');
  });

  it('warns about Node 20 before its end of life too, as it is below the lowest supported line', () => {
    expect(runtimeSupport('v20.19.0', new Date('2026-01-15T00:00:00Z'))).toEqual({
      level: 'warn',
      message:
        'Node.js v20.19.0 is below the lowest supported line, Node.js 22; Node.js 20 LTS (Iron) leaves support on 2026-04-30; production runs Node.js 24 LTS',
    });
  });

  it.each(['v18.20.8', 'v23.11.1', 'v25.2.0', 'v26.10.0', 'not a version'])('warns that %s is a line it does not know', (version) => {
    const support = runtimeSupport(version, today);
    expect(support.level).toBe('warn');
    expect(support.message).toContain('is not a release line this service is known to run on (20, 22, 24)');
  });

  it('lists each line once, oldest first, with a real calendar date', () => {
    const majors = NODE_RELEASE_LINES.map((line) => line.major);
    expect(majors).toEqual([...new Set(majors)].sort((a, b) => a - b));
    for (const line of NODE_RELEASE_LINES) expect(new Date(`${line.endOfLife}T00:00:00Z`).toISOString().slice(0, 10)).toBe(line.endOfLife);
  });
});
