import { Type, type Static } from '@sinclair/typebox';

/** Immutable node id. Edges, expressions, errors and run stats reference nodes by this, never by label. */
export const NodeId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Immutable node id' });
export type NodeId = Static<typeof NodeId>;

/** Flow id: a slug that is also the file name in `flows/<id>.flow.json`. */
export const FlowId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,79}$',
  description: 'Lower-case slug, also the file name',
});
export type FlowId = Static<typeof FlowId>;

/** A connection (credentials) is referenced by name; a flow file never embeds a secret. */
export const ConnectionName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$',
  description: 'Name of a connection stored on the installation',
});
export type ConnectionName = Static<typeof ConnectionName>;

/** A name usable as a JSONata variable (`$name`). */
export const Identifier = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' });
export type Identifier = Static<typeof Identifier>;

/** A JSONata expression, compiled once per flow version. */
export const Expression = Type.String({ minLength: 1, maxLength: 20_000, description: 'JSONata expression' });
export type Expression = Static<typeof Expression>;

export const JsonScalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export type JsonScalar = Static<typeof JsonScalar>;

export type JsonValue = JsonScalar | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const Position = Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false });
export type Position = Static<typeof Position>;

export const IsoDateTime = Type.String({ format: 'date-time' });
