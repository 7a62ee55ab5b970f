// WEB_CONCURRENCY: how many worker processes to run, and the primary process that keeps them running.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config';
import { storeKindFor } from './session/session-store';

export interface WorkerPlan {
  workers: number;
  /** Set when the plan differs from what WEB_CONCURRENCY asked for, saying why. */
  warning?: string;
}

/**
 * Pure: more than one worker only where every process sees the same sessions: with Redis, or in cookie mode
 * (each browser carries its own). Each process's memory holds its own sessions.
 */
export function planWorkers(config: Pick<Config, 'webConcurrency' | 'redisUrl' | 'sessionMode'>): WorkerPlan {
  if (config.webConcurrency <= 1) return { workers: 1 };
  if (storeKindFor(config) === 'memory') {
    return {
      workers: 1,
      warning:
        `WEB_CONCURRENCY=${config.webConcurrency} asks for several workers, but sessions are kept in memory ` +
        '(REDIS_URL is not set), so each worker would have its own sessions and visitors would lose theirs ' +
        'between requests. Running one worker; set REDIS_URL to run more.',
    };
  }
  return { workers: config.webConcurrency };
}

/**
 * A process that cannot start (its port is taken, say) exits with this (EX_CONFIG in sysexits.h). Restarting
 * it would fail the same way for ever, so the primary stops instead.
 */
export const CANNOT_START_EXIT_CODE = 78;

/** A worker that dies this soon after starting is restarted after a pause, so a crash on boot can't spin. */
const QUICK_DEATH_MS = 5000;
const RESTART_PAUSE_MS = 1000;

export interface PrimaryOptions {
  workers: number;
  /** Extra environment for every worker (the development secret, which must be the same in all of them). */
  env: Record<string, string>;
  /** How long workers get to finish after SIGTERM before the primary stops waiting. */
  graceMs: number;
  log: (line: string) => void;
}

/**
 * The primary: forks the workers (which share the listening port), replaces any that dies, and on
 * SIGTERM/SIGINT passes the signal on and exits once every worker has finished.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { log } = options;
  let stopping = false;
  let finalCode = 0;
  const startedAt = new Map<Worker, number>();

  const fork = (): void => {
    if (stopping) return;
    const worker = cluster.fork(options.env);
    startedAt.set(worker, Date.now());
    log(`primary: worker ${worker.process.pid ?? '?'} started\n`);
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) {
        log('primary: every worker has finished; exiting\n');
        process.exit(finalCode);
      }
      return;
    }
    if (code === CANNOT_START_EXIT_CODE) {
      log(`primary: worker ${worker.process.pid ?? '?'} could not start; stopping\n`);
      stop('SIGTERM', CANNOT_START_EXIT_CODE);
      return;
    }
    log(`primary: worker ${worker.process.pid ?? '?'} died (${signal ? signal : `code ${code}`}); starting a new one\n`);
    setTimeout(fork, lived < QUICK_DEATH_MS ? RESTART_PAUSE_MS : 0);
  });

  /** Passes `signal` on to every worker; exits with `exitCode` once all have finished. */
  const stop = (signal: NodeJS.Signals, exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    finalCode = exitCode;
    if (exitCode === 0) log(`primary: ${signal} received: stopping ${startedAt.size} workers\n`);
    for (const worker of startedAt.keys()) worker.process.kill(signal);
    if (startedAt.size === 0) process.exit(exitCode);
    setTimeout(() => {
      log('primary: workers took too long; exiting\n');
      process.exit(1);
    }, options.graceMs).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log(`primary ${process.pid}: starting ${options.workers} workers\n`);
  for (let i = 0; i < options.workers; i++) fork();
}
