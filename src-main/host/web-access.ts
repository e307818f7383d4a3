/**
 * Who may use the web host. As Jupyter does, it requires a random token on
 * loopback too (any local program, or another user of a shared machine, can
 * reach 127.0.0.1): given once in the URL, then kept in an HttpOnly,
 * SameSite=Strict cookie, and checked on every HTTP request and WebSocket
 * upgrade. `--no-token` turns that off on loopback only, with a warning.
 * Bound to loopback it also serves only requests addressed to a loopback
 * name, which defeats DNS rebinding. WebSocket upgrades must also come from a
 * page of this very host (Origin check), so no other site can drive the
 * engine through a browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** The cookie's name carries the port: cookies are not kept apart by port, and two hosts may run side by side. */
export function tokenCookieName(port: number): string {
  return `lab_token_${port}`;
}

export interface AccessPolicy {
  /** Required on every request when not null. */
  token: string | null;
  /** Whether the server is bound to a loopback address. */
  loopback: boolean;
  /** Name of the cookie that keeps the token (`tokenCookieName(port)`). */
  cookieName: string;
}

/** `fromQuery`: the token came in the URL (the first load), so the reply sets the cookie. */
export type AccessDecision = { ok: true; fromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}


function sameToken(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** Host header without the port, brackets kept for IPv6 (`[::1]:5178` → `[::1]`). */
function hostName(hostHeader: string): string {
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader);
  return match ? match[1] : hostHeader;
}

/** Decides whether `request` may proceed; `websocket` adds the Origin check. */
export function checkAccess(request: IncomingMessage, policy: AccessPolicy, websocket = false): AccessDecision {
  const host = request.headers.host ?? '';
  if (policy.loopback && !isLoopbackHost(hostName(host))) {
    return { ok: false, status: 403, reason: 'This host only answers requests addressed to 127.0.0.1 or localhost.' };
  }
  if (websocket) {
    const origin = request.headers.origin;
    let originHost: string | null = null;
    try {
      const parsed = origin ? new URL(origin) : null;
      if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) originHost = parsed.host;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost.toLowerCase() !== host.toLowerCase()) {
      return { ok: false, status: 403, reason: 'WebSocket connections are accepted only from pages of this host.' };
    }
  }
  if (policy.token === null) return { ok: true, fromQuery: false };
  const fromQuery = new URL(request.url ?? '/', 'http://host.invalid').searchParams.get('token');
  if (sameToken(fromQuery, policy.token)) return { ok: true, fromQuery: true };
  if (sameToken(cookieValue(request, policy.cookieName), policy.token)) return { ok: true, fromQuery: false };
  return { ok: false, status: 401, reason: 'This host needs the access token printed when it started: open the URL it printed (with ?token=…).' };
}

export function tokenCookie(policy: AccessPolicy): string {
  return `${policy.cookieName}=${policy.token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The request's path and query without `token`: where the first load is sent once the cookie is set. */
export function withoutToken(requestUrl: string): string {
  const url = new URL(requestUrl, 'http://host.invalid');
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}`;
}
