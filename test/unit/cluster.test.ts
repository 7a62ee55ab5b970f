// The worker plan (cluster.ts's planWorkers): how many processes WEB_CONCURRENCY gets, and why not when it can't.
import { planWorkers } from '../../src/cluster';

describe('worker plan', () => {
  test('WEB_CONCURRENCY workers with Redis', () => {
    expect(planWorkers({ webConcurrency: 4, redisUrl: 'redis://localhost', sessionMode: 'server' })).toEqual({ workers: 4 });
  });

  test('one worker, with a warning that says why, when sessions are kept in memory', () => {
    const plan = planWorkers({ webConcurrency: 3, redisUrl: undefined, sessionMode: 'server' });
    expect(plan.workers).toBe(1);
    expect(plan.warning).toMatch(/WEB_CONCURRENCY=3.*REDIS_URL/s);
  });

  test('WEB_CONCURRENCY workers in cookie mode, where each browser carries its own session', () => {
    expect(planWorkers({ webConcurrency: 2, redisUrl: undefined, sessionMode: 'cookie' })).toEqual({ workers: 2 });
  });

  test('one worker and no warning when one is asked for', () => {
    expect(planWorkers({ webConcurrency: 1, redisUrl: undefined, sessionMode: 'server' })).toEqual({ workers: 1 });
  });
});
