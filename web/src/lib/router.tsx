import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

// A small history-API router. The screens need paths, parameters and query strings, which
// fit in this file; the server returns index.html for every non-API path.
// TODO: replace with react-router, the well-kept library for this, before screens need
// nested routes or route-level data loading.

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function currentUrl(): string {
  return window.location.pathname + window.location.search;
}

/** Confirmation messages of the screens that hold unsaved input. */
const leaveGuards = new Set<string>();

/**
 * Asks before leaving while `message` is not null: in-app navigation shows it in a confirm
 * dialog, and closing or reloading the tab shows the browser's own warning.
 * NOTE: the browser's back button is not guarded, because popstate cannot be cancelled.
 */
export function useLeaveGuard(message: string | null): void {
  useEffect(() => {
    if (message === null) return;
    leaveGuards.add(message);
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      leaveGuards.delete(message);
      window.removeEventListener('beforeunload', warn);
    };
  }, [message]);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  for (const message of leaveGuards) if (!window.confirm(message)) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export interface RouterLocation {
  pathname: string;
  search: string;
}

export function useLocation(): RouterLocation {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const queryStart = url.indexOf('?');
  return queryStart < 0 ? { pathname: url, search: '' } : { pathname: url.slice(0, queryStart), search: url.slice(queryStart) };
}

/** The query string as an object, and a setter that replaces the history entry. */
export function useSearchParams(): [URLSearchParams, (next: URLSearchParams) => void] {
  const { pathname, search } = useLocation();
  const params = new URLSearchParams(search);
  const setParams = (next: URLSearchParams) => {
    const text = next.toString();
    navigate(text ? `${pathname}?${text}` : pathname, { replace: true });
  };
  return [params, setParams];
}

/**
 * Matches "/items/:id" against a path and returns the decoded parameters, or null.
 * Segments must match one to one.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const patternParts = pattern.split('/').filter(Boolean);
  const pathParts = pathname.split('/').filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;

  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
}

interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
  children: ReactNode;
}

/** An anchor that navigates inside the app but still opens a new tab on a modified click. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}
