import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { Environment, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const environment = validateEnvironment({});
    expect(environment).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:data/training.sqlite',
      MAIL_FROM: 'training@localhost',
      DEMO_DATA: false,
      REMINDER_LEAD_HOURS: 24,
    });
    expect(environment.publicUrl).toBe('http://localhost:3000');
    expect(environment.databaseDialect).toBe('sqlite');
  });

  it('reads strings as the environment gives them', () => {
    const environment = validateEnvironment({ PORT: '8080', DEMO_DATA: 'true', DATABASE_URL: 'postgres://u@h/db', PUBLIC_URL: 'https://t.example/' });
    expect(environment.PORT).toBe(8080);
    expect(environment.DEMO_DATA).toBe(true);
    expect(environment.databaseDialect).toBe('postgres');
    expect(environment.publicUrl).toBe('https://t.example');
  });

  it('refuses to start with every bad variable named', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MAIL_FROM: 'nobody' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*MAIL_FROM/,
    );
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told, and reads hop counts as numbers', () => {
    expect(validateEnvironment({}).trustProxy).toBe(false);
    expect(validateEnvironment({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(validateEnvironment({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(() => validateEnvironment({ TRUST_PROXY: 'a;b' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the documentation of the environment', () => {
  // Every variable has a validator, so the validators' metadata lists them all.
  const variables = [...new Set(getMetadataStorage().getTargetValidationMetadatas(Environment, '', true, false).map((rule) => rule.propertyName))];
  const root = join(__dirname, '..', '..');

  it('finds the variables', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'TRUST_PROXY']));
  });

  it.each([
    ['README.md', (name: string) => new RegExp(`^\\| \`${name}\` \\|`, 'm')],
    ['.env.example', (name: string) => new RegExp(`^${name}=`, 'm')],
  ])('%s lists every variable', (file, line) => {
    const text = readFileSync(join(root, file), 'utf8');
    expect(variables.filter((name) => !line(name).test(text))).toEqual([]);
  });
});
