import type { FastifyRequest } from 'fastify';
import { notFound } from './api-errors.ts';

export const MIN_VERSION = 20;
export const MAX_VERSION = 66;

/** `v62.0` → 62; undefined for a version this org does not serve. */
export function versionNumber(version: string): number | undefined {
  const match = /^v(\d+)\.0$/.exec(version);
  const n = match === null ? NaN : Number(match[1]);
  return n >= MIN_VERSION && n <= MAX_VERSION ? n : undefined;
}

/** The API version of a `/services/data/:version/…` request; NOT_FOUND for one the org does not serve. */
export function versionOf(request: FastifyRequest): { text: string; number: number } {
  const text = (request.params as { version?: string }).version ?? '';
  const number = versionNumber(text);
  if (number === undefined) throw notFound();
  return { text, number };
}
