/**
 * What the HTTP framework costs per request (issue 12, point 7): the same small routes shaped like
 * ours served by Nest on the Express adapter, on Express with our request logging (correlation id
 * and one pino line per request, written asynchronously to a file), and on the Fastify adapter.
 *
 *   npm run bench:http
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=50 BENCH_ROUNDS=2 npm run bench:http
 *
 * The routes: GET /api/health answering JSON (public), and POST /api/bookings with a JSON body
 * validated by a class-validator DTO through our global ValidationPipe, behind a global guard that
 * reads the bearer header (as our AuthGuard does, without its token lookup). No database: only
 * the framework's part of a request is measured. Each server runs in its own process; autocannon
 * loads it from this one after a short warm-up. The variants take turns in one run, in the reverse
 * order each round, and each one's median counts, so the ratios are side by side. Besides
 * throughput it reads each server process's CPU time per request, which the neighbours' load on a
 * shared machine disturbs much less.
 * Prints a table and writes test/bench/results/http-framework.json; fails only when an answer was
 * not the expected status or the request log does not hold one line per answer.
 */
import {
  Body,
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  INestApplication,
  Module,
  Post,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pino from 'pino';
import { correlationIdMiddleware } from '../../src/common/correlation-id';
import { createAppLogger, requestLogging } from '../../src/common/logging';
import { createValidationPipe } from '../../src/common/validation';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARM_UP_SECONDS = 2;
const RESULTS_FILE = join(__dirname, 'results', 'http-framework.json');

const VARIANTS = ['express', 'express + request log', 'fastify'] as const;
type Variant = (typeof VARIANTS)[number];
const ROUTES = ['GET /api/health', 'POST /api/bookings'] as const;
type Route = (typeof ROUTES)[number];

// ---------------------------------------------------------------------------------------------
// The server (a child process: `--serve <variant> <log file>`)

const PUBLIC = 'public';

class BookingRequestDto {
  @IsUUID()
  sessionId: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

@Injectable()
class BearerGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization;
    if (!header?.startsWith('Bearer ') || header.length < 'Bearer '.length + 32) throw new UnauthorizedException();
    return true;
  }
}

@Controller('api')
class BenchController {
  @Get('health')
  @SetMetadata(PUBLIC, true)
  health(): object {
    return { status: 'ok', database: 'up' };
  }

  @Post('bookings')
  @HttpCode(201)
  book(@Body() body: BookingRequestDto): object {
    return { id: randomUUID(), sessionId: body.sessionId, status: 'confirmed' };
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

async function serve(variant: Variant, logFile: string): Promise<void> {
  let app: INestApplication;
  let flushLog = (): void => undefined;
  if (variant === 'fastify') {
    app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: false });
  } else {
    app = await NestFactory.create(BenchModule, { logger: false });
    if (variant === 'express + request log') {
      const destination = pino.destination({ dest: logFile, sync: false });
      flushLog = () => destination.flushSync();
      app.use(correlationIdMiddleware);
      app.use(requestLogging(createAppLogger('log', destination)));
    }
  }
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalGuards(new BearerGuard(app.get(Reflector)));
  await app.listen(0, '127.0.0.1');
  process.once('SIGTERM', () => {
    void app.close().then(() => {
      flushLog();
      process.exit(0);
    });
  });
  // The parent asks for this process's CPU time around each run (its own load never counts).
  process.on('message', () => process.send?.(process.cpuUsage()));
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

// ---------------------------------------------------------------------------------------------
// The load (this process)

interface RouteFigures {
  perSecond: number;
  p50: number;
  p99: number;
  /**
   * CPU milliseconds the server process spent per request: what a request costs, whatever else
   * the machine was doing (throughput on a shared machine also measures the neighbours).
   */
  cpuMsPerRequest: number;
  requests: number;
}

interface Server {
  port: number;
  child: ChildProcess;
  logFile: string;
  /** The server process's CPU time so far, in milliseconds (user and system). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(variant: Variant, folder: string): Promise<Server> {
  const logFile = join(folder, `${variant.replace(/\W+/g, '-')}.log`);
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--serve', variant, logFile], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    child,
    logFile,
    cpuMs: async () => {
      child.send('cpu');
      const [usage] = (await once(child, 'message')) as [NodeJS.CpuUsage];
      return (usage.user + usage.system) / 1000;
    },
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

const BOOKING_BODY = JSON.stringify({ sessionId: randomUUID(), note: 'Please bring a laptop.' });
const BEARER = `Bearer ${'k'.repeat(43)}`;

function load(port: number, route: Route, seconds: number): Promise<autocannon.Result> {
  const booking = route === 'POST /api/bookings';
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: `http://127.0.0.1:${port}${booking ? '/api/bookings' : '/api/health'}`,
        connections: CONNECTIONS,
        duration: seconds,
        // On a shared machine a starved server can be slow to answer; that is not a failure here.
        timeout: 60,
        method: booking ? 'POST' : 'GET',
        headers: booking ? { 'content-type': 'application/json', authorization: BEARER } : {},
        body: booking ? BOOKING_BODY : undefined,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

function figuresOf(result: autocannon.Result, cpuMs: number, route: Route, variant: Variant): RouteFigures {
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || result['2xx'] === 0) {
    throw new Error(`${variant} ${route}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} answers not 2xx`);
  }
  const perSecond = result.requests.total / (result.duration || SECONDS);
  return {
    perSecond,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpuMs / result.requests.total,
    requests: result.requests.total,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function medianFigures(runs: RouteFigures[]): RouteFigures {
  const of = (key: keyof RouteFigures) => median(runs.map((run) => run[key]));
  return {
    perSecond: of('perSecond'),
    p50: of('p50'),
    p99: of('p99'),
    cpuMsPerRequest: of('cpuMsPerRequest'),
    requests: of('requests'),
  };
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'tt-bench-http-'));
  const runs = new Map<string, RouteFigures[]>();
  const loadBefore = loadavg().map((value) => Math.round(value * 100) / 100);
  console.log(`HTTP framework: ${CONNECTIONS} connections, ${SECONDS} s per route and variant, ${ROUNDS} round(s); load average ${loadBefore.join(' ')}`);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const server = await startServer(variant, folder);
        let answered = 0;
        try {
          for (const route of ROUTES) {
            answered += (await load(server.port, route, WARM_UP_SECONDS)).requests.total;
            const cpuBefore = await server.cpuMs();
            const result = await load(server.port, route, SECONDS);
            const cpuMs = (await server.cpuMs()) - cpuBefore;
            answered += result.requests.total;
            const figures = figuresOf(result, cpuMs, route, variant);
            runs.set(`${variant}|${route}`, [...(runs.get(`${variant}|${route}`) ?? []), figures]);
            console.log(
              `  ${variant.padEnd(22)} ${route.padEnd(19)} ${figures.perSecond.toFixed(0).padStart(6)}/s  ${figures.cpuMsPerRequest.toFixed(3)} CPU ms/req`,
            );
          }
        } finally {
          await server.stop();
        }
        if (variant === 'express + request log') {
          const lines = readFileSync(server.logFile, 'utf8').split('\n').filter(Boolean);
          // autocannon counts the answers it waited for; those in flight when it stopped are logged too.
          if (lines.length < answered || lines.length > answered + 2 * CONNECTIONS * ROUTES.length) {
            throw new Error(`the request log holds ${lines.length} lines for ${answered} answers`);
          }
          console.log(`  ${variant}: ${lines.length} log lines for ${answered} answers counted, e.g. ${lines[lines.length - 1]}`);
          rmSync(server.logFile);
        }
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const figures = Object.fromEntries(
    VARIANTS.map((variant) => [variant, Object.fromEntries(ROUTES.map((route) => [route, medianFigures(runs.get(`${variant}|${route}`)!)]))]),
  ) as Record<Variant, Record<Route, RouteFigures>>;
  const ratio = (over: Variant, under: Variant, route: Route) => figures[over][route].perSecond / figures[under][route].perSecond;
  const costMs = (of: Variant, against: Variant, route: Route) => figures[of][route].cpuMsPerRequest - figures[against][route].cpuMsPerRequest;
  const comparisons = Object.fromEntries(
    ROUTES.map((route) => [
      route,
      {
        fastifyOverExpress: ratio('fastify', 'express', route),
        expressSavedByFastifyMs: -costMs('fastify', 'express', route),
        requestLogOverExpress: ratio('express + request log', 'express', route),
        requestLogCostMs: costMs('express + request log', 'express', route),
      },
    ]),
  ) as Record<Route, { fastifyOverExpress: number; expressSavedByFastifyMs: number; requestLogOverExpress: number; requestLogCostMs: number }>;

  const cell = (f: RouteFigures) =>
    `${f.perSecond.toFixed(0).padStart(7)}/s ${f.p50.toFixed(0).padStart(4)} ${f.p99.toFixed(0).padStart(5)} ${f.cpuMsPerRequest.toFixed(3).padStart(7)}`;
  console.log(`\n${''.padEnd(24)}${ROUTES.map((route) => route.padEnd(32)).join('')}`);
  console.log(`${''.padEnd(24)}${ROUTES.map(() => `${'req/s'.padStart(9)} ${'p50'.padStart(4)} ${'p99'.padStart(5)} ${'CPU ms'.padStart(7)}    `).join('')}`);
  for (const variant of VARIANTS) console.log(`${variant.padEnd(24)}${ROUTES.map((route) => `${cell(figures[variant][route])}    `).join('')}`);
  console.log(`${'fastify / express'.padEnd(24)}${ROUTES.map((route) => `${comparisons[route].fastifyOverExpress.toFixed(2).padStart(8)}x${''.padEnd(23)}`).join('')}`);
  console.log(`${'fastify saves'.padEnd(24)}${ROUTES.map((route) => `${comparisons[route].expressSavedByFastifyMs.toFixed(3).padStart(6)} CPU ms/req${''.padEnd(15)}`).join('')}`);
  console.log(`${'request log / without'.padEnd(24)}${ROUTES.map((route) => `${comparisons[route].requestLogOverExpress.toFixed(2).padStart(8)}x${''.padEnd(23)}`).join('')}`);
  console.log(`${'request log costs'.padEnd(24)}${ROUTES.map((route) => `${comparisons[route].requestLogCostMs.toFixed(3).padStart(6)} CPU ms/req${''.padEnd(15)}`).join('')}`);
  console.log('(p50 and p99 in ms; CPU ms: the server process\'s CPU time per request; the "saves" and "costs" rows compare it)');

  const loadAfter = loadavg().map((value) => Math.round(value * 100) / 100);
  console.log(`load average after: ${loadAfter.join(' ')} (the machine is shared: throughput also measures the neighbours; CPU ms much less)`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const cores = cpus();
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        benchmark: 'http-framework',
        date: new Date().toISOString(),
        machine: { cpu: cores[0]?.model.trim(), cores: cores.length, node: process.version, platform: `${process.platform} ${process.arch}` },
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
        connections: CONNECTIONS,
        seconds: SECONDS,
        rounds: ROUNDS,
        figures,
        comparisons,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results written to ${RESULTS_FILE}`);
}

if (process.argv[2] === '--serve') {
  void serve(process.argv[3] as Variant, process.argv[4]);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
