import WebSocket from 'ws';

export interface LiveResult {
  clients: number;
  posts: number;
  p50: number;
  p99: number;
  max: number;
  missed: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Opens one WebSocket per person (all members of the company space), then creates posts there and
 * measures, per client, the time from sending the POST to receiving `post.created`.
 */
export async function measureLiveFanOut(
  baseUrl: string,
  cookies: string[],
  authorCookie: string,
  posts = 5,
): Promise<LiveResult> {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/api/v1/live`;
  const arrivals = new Map<number, number[]>();
  const sockets: WebSocket[] = [];
  for (let index = 0; index < cookies.length; index += 100) {
    const batch = cookies.slice(index, index + 100).map(
      (cookie) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(wsUrl, { headers: { cookie }, origin: baseUrl });
          socket.on('message', (raw) => {
            const at = performance.now();
            const message = JSON.parse(raw.toString());
            if (message.type !== 'post.created') return;
            const list = arrivals.get(message.data.contentId) ?? [];
            list.push(at);
            arrivals.set(message.data.contentId, list);
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  const latencies: number[] = [];
  let missed = 0;
  for (let round = 0; round < posts; round++) {
    const sent = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/spaces/1/posts`, {
      method: 'POST',
      headers: { cookie: authorCookie, origin: baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Live-Messung ${round}` }),
    });
    const { id } = (await response.json()) as { id: number };
    const deadline = Date.now() + 10_000;
    while ((arrivals.get(id)?.length ?? 0) < sockets.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const received = arrivals.get(id) ?? [];
    missed += sockets.length - received.length;
    for (const at of received) latencies.push(at - sent);
  }
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  const round2 = (n: number) => Math.round(n * 10) / 10;
  return {
    clients: sockets.length,
    posts,
    p50: round2(percentile(latencies, 50)),
    p99: round2(percentile(latencies, 99)),
    max: round2(latencies.at(-1) ?? Number.NaN),
    missed,
  };
}
