import autocannon from 'autocannon';
import type { Random } from './random.js';

export interface Crowd {
  /** Session cookies of many different people. */
  cookies: string[];
  /** Spaces each of those people belongs to (same order as cookies). */
  spacesOf: number[][];
  recentPostIds: number[];
  tags: string[];
  words: string[];
  prefixes: string[];
}

export interface ScenarioResult {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
}

interface Step {
  method: 'GET' | 'POST' | 'PUT';
  path: (person: number) => string;
  body?: (person: number) => string;
}

export type Scenario = { name: string; steps: Step[] };

export function scenarios(crowd: Crowd, random: Random): Scenario[] {
  const pick = <T>(items: T[]) => items[random.int(0, items.length - 1)];
  const get = (path: (person: number) => string): Step => ({ method: 'GET', path });
  return [
    { name: 'homeFeed', steps: [get(() => '/api/v1/feed?limit=20')] },
    {
      name: 'spaceFeed',
      steps: [get((person) => `/api/v1/spaces/${pick(crowd.spacesOf[person])}/feed?limit=20`)],
    },
    {
      name: 'hashtagFeed',
      steps: [get(() => `/api/v1/hashtags/${encodeURIComponent(pick(crowd.tags))}/feed?limit=20`)],
    },
    {
      name: 'postDetail',
      steps: [
        get(() => `/api/v1/content/${pick(crowd.recentPostIds)}`),
        get(() => `/api/v1/content/${pick(crowd.recentPostIds)}/comments?limit=50`),
      ],
    },
    {
      name: 'createPost',
      steps: [
        {
          method: 'POST',
          path: () => '/api/v1/spaces/1/posts',
          body: () => JSON.stringify({ body: `Benchmark ${pick(crowd.words)} ${pick(crowd.words)} #Bench` }),
        },
      ],
    },
    {
      name: 'addReaction',
      steps: [
        {
          method: 'PUT',
          path: () => `/api/v1/content/${pick(crowd.recentPostIds)}/reaction`,
          body: () => JSON.stringify({ type: pick(['like', 'love', 'celebrate']) }),
        },
      ],
    },
    {
      name: 'search',
      steps: [get(() => `/api/v1/search?q=${encodeURIComponent(pick(crowd.words))}&limit=20`)],
    },
    {
      name: 'searchSuggest',
      steps: [get(() => `/api/v1/search/suggest?q=${encodeURIComponent(pick(crowd.prefixes))}`)],
    },
    { name: 'notifications', steps: [get(() => '/api/v1/notifications?limit=20')] },
    {
      name: 'peopleSearch',
      steps: [get(() => `/api/v1/users?q=${encodeURIComponent(pick(crowd.prefixes))}&limit=20`)],
    },
  ];
}

/** Runs one scenario with autocannon: every request as a randomly chosen person of the crowd. */
export function runScenario(
  baseUrl: string,
  scenario: Scenario | null,
  crowd: Crowd | null,
  random: Random,
  options: { connections: number; duration: number },
): Promise<ScenarioResult> {
  return new Promise((resolve, reject) => {
    const requests = scenario
      ? scenario.steps.map((step) => ({
          method: step.method,
          setupRequest: (request: Record<string, unknown>) => {
            const person = random.int(0, (crowd?.cookies.length ?? 1) - 1);
            return {
              ...request,
              path: step.path(person),
              headers: {
                cookie: crowd?.cookies[person] ?? '',
                origin: baseUrl,
                ...(step.body ? { 'content-type': 'application/json' } : {}),
              },
              ...(step.body ? { body: step.body(person) } : {}),
            };
          },
        }))
      : [{ method: 'GET' as const, path: '/hello' }];
    autocannon(
      {
        url: baseUrl,
        connections: options.connections,
        duration: options.duration,
        requests: requests as autocannon.Request[],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: Math.round(result.requests.average),
          p50: result.latency.p50,
          p975: result.latency.p97_5,
          p99: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
        });
      },
    );
  });
}
