import '@fontsource-variable/inter';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Branding } from './app/Branding';
import { router } from './app/router';
import { i18nReady } from './i18n/i18n';
import { ApiError } from './lib/api-error';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
    // Sending while offline fails at once with a message (api() says "offline") instead of
    // waiting silently with a greyed-out button.
    mutations: { networkMode: 'always' },
  },
});

// The boot skeleton stays until the first language's texts are there (one small request at most).
void i18nReady.finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Branding />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  ),
);
