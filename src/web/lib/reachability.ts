/*
 * Whether the server answered the last request: the shell shows an offline notice when the
 * browser says it is offline OR when a request could not reach the server.
 */
type ReachabilityListener = (reachable: boolean) => void;
const reachabilityListeners = new Set<ReachabilityListener>();
let lastReachable = true;
export function reportUnreachable() {
  if (lastReachable) for (const listener of reachabilityListeners) listener(false);
  lastReachable = false;
}
export function reportReachable() {
  if (!lastReachable) for (const listener of reachabilityListeners) listener(true);
  lastReachable = true;
}
export function onReachabilityChange(listener: ReachabilityListener): () => void {
  reachabilityListeners.add(listener);
  return () => reachabilityListeners.delete(listener);
}
export const serverReachable = () => lastReachable;
