import { useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';

/**
 * Navigates once, when it mounts. The router's own <Navigate> navigates again on every re-render,
 * and a target that depends on the current location (login?next=…) would then chase itself.
 */
export function Redirect({ to, search }: { to: string; search?: Record<string, string | undefined> }) {
  const navigate = useNavigate();
  // biome-ignore lint/correctness/useExhaustiveDependencies: deliberately only on mount.
  useEffect(() => {
    void navigate({ to, search, replace: true } as Parameters<typeof navigate>[0]);
  }, []);
  return null;
}
