/**
 * Who may use the web host. Bound to loopback (the default) it serves only
 * requests addressed to a loopback name, which defeats DNS rebinding. Bound
 * anywhere else it requires a random token, given once in the URL (then kept
 * in a same-site cookie) and checked on every HTTP request and WebSocket
 * upgrade. WebSocket upgrades must also come from a page of this very host
 * (Origin check), so no other site can drive the engine through a browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export const TOKEN_COOKIE = 'lab_token';

export interface AccessPolicy {
  /** Required on every request when not null. */
  token: string | null;
  /** Whether the server is bound to a loopback address. */
  loopback: boolean;
}

export type AccessDecision = { ok: true; setCookie: boolean } | { ok: false; status: 401 | 403; reason: string };

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** The token a bind address needs: none on loopback, a fresh random one anywhere else. */
export function accessTokenFor(bindHost: string): string | null {
  return isLoopbackHost(bindHost) ? null : createAccessToken();
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
  if (policy.token === null) return { ok: true, setCookie: false };
  const fromQuery = new URL(request.url ?? '/', 'http://host.invalid').searchParams.get('token');
  if (sameToken(fromQuery, policy.token)) return { ok: true, setCookie: true };
  if (sameToken(cookieValue(request, TOKEN_COOKIE), policy.token)) return { ok: true, setCookie: false };
  return { ok: false, status: 401, reason: 'This host needs the access token printed when it started (open the URL with ?token=…).' };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
