// The payload editor's text: a failed record's RecordPayload shown as JSON, and the user's edited text
// checked as they type (JSON syntax with line and column, the payload's shape, and the fixed sourceId).
import type { RecordPayload } from '@flowsync/contracts';

export type PayloadCheck =
  { ok: true; payload: RecordPayload } | { ok: false; message: string; line?: number; column?: number };

const PAYLOAD_KEYS = new Set(['sourceId', 'data', 'lookups', 'mapped']);

/** The editable text of a payload: pretty JSON, keys in the order the engine uses. */
export function formatPayload(payload: RecordPayload): string {
  const ordered: Record<string, unknown> = {
    sourceId: payload.sourceId,
    data: payload.data,
    lookups: payload.lookups,
  };
  if (payload.mapped !== undefined) ordered.mapped = payload.mapped;
  return JSON.stringify(ordered, null, 2);
}

/** Pretty JSON of any part of a payload, for the read-only views. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

/** One-based line and column of a zero-based offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * Where a `JSON.parse` error points, from its message: V8 says "… at position 42 (line 3 column 5)" or
 * just "at position 42", Firefox "… at line 3 column 5 of the JSON data"; an unexpected end is the end.
 */
export function jsonErrorLocation(
  text: string,
  message: string,
): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/i.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/i.exec(message);
  if (position) return lineAndColumn(text, Number(position[1]));
  if (/end of (JSON )?(input|data)/i.test(message)) return lineAndColumn(text, text.length);
  return undefined;
}

/** The parser's words without the location it repeats and without the engine's "JSON.parse:" prefix. */
function plainJsonMessage(message: string): string {
  return (
    message
      .replace(/^JSON\.parse:\s*/i, '')
      .replace(/\s*(in JSON )?at position \d+( \(line \d+ column \d+\))?/i, '')
      .replace(/\s*at line \d+ column \d+ of the JSON data/i, '')
      .trim() || 'Not valid JSON'
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the edited text of a failed record's payload: valid JSON, an object with `sourceId`, `data`,
 * `lookups` and optionally `mapped` (objects), and the same `sourceId` as the error (an error belongs to
 * one record; the server refuses another id too).
 *
 * @example
 * checkPayloadText('{"sourceId":"1003","data":{},"lookups":{}}', '1003') // → { ok: true, payload: … }
 * checkPayloadText('{"sourceId": 1003', '1003') // → { ok: false, message: "…", line: 1, column: 18 }
 */
export function checkPayloadText(text: string, sourceId: string): PayloadCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: plainJsonMessage(message), ...jsonErrorLocation(text, message) };
  }
  if (!isObject(value)) {
    return { ok: false, message: 'The payload must be a JSON object with sourceId, data and lookups' };
  }
  const unknown = Object.keys(value).filter((key) => !PAYLOAD_KEYS.has(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `Unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => `"${k}"`).join(', ')}: a payload has sourceId, data, lookups and mapped`,
    };
  }
  if (value.sourceId !== sourceId) {
    return {
      ok: false,
      message: `sourceId must stay "${sourceId}": this error belongs to that record. To sync another record, use "Sync selected records" on the flow.`,
    };
  }
  for (const key of ['data', 'lookups'] as const) {
    if (!isObject(value[key])) return { ok: false, message: `"${key}" must be a JSON object` };
  }
  if (value.mapped !== undefined && !isObject(value.mapped)) {
    return { ok: false, message: '"mapped" must be a JSON object (or left out)' };
  }
  const payload: RecordPayload = {
    sourceId,
    data: value.data as Record<string, unknown>,
    lookups: value.lookups as Record<string, unknown>,
  };
  if (value.mapped !== undefined) payload.mapped = value.mapped as Record<string, unknown>;
  return { ok: true, payload };
}

/** Whether the edited text means a different payload from the stored one (whitespace aside). */
export function isPayloadEdited(text: string, stored: RecordPayload): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) !== JSON.stringify(JSON.parse(formatPayload(stored)));
  } catch {
    return true;
  }
}
