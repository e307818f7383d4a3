/**
 * Checks a request from a renderer against the contract before anything acts
 * on it: an unknown name or a malformed payload becomes a readable error and
 * never reaches the engine or the file system.
 */
import type { z } from 'zod';
import { RequestSchemas, type RequestName } from '../contract.ts';

/** A request payload after its schema has filled in defaults. */
export type ParsedRequest<N extends RequestName> = z.output<(typeof RequestSchemas)[N]>;

/** A request the host refuses to act on (bad name, bad payload, wrong moment). */
export class RequestError extends Error {
  override name = 'RequestError';
}

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(RequestSchemas, name);
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'payload';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}

/** Validates `payload` for the request `name`; throws RequestError with what was wrong. */
export function parseRequest<N extends RequestName>(name: N, payload: unknown): ParsedRequest<N>;
export function parseRequest(name: string, payload: unknown): ParsedRequest<RequestName>;
export function parseRequest(name: string, payload: unknown): unknown {
  if (!isRequestName(name)) throw new RequestError(`Unknown request "${String(name).slice(0, 80)}".`);
  const parsed = RequestSchemas[name].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) throw new RequestError(`Invalid "${name}" request: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}
