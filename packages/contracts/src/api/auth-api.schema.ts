import { Type, type Static } from '@sinclair/typebox';

/*
 * REST DTOs of sign-in, users, API tokens and the audit log. Reused as Fastify route schemas (and so
 * the OpenAPI document) and as the browser's types.
 */

/** What a user may do (DESIGN.md, Roles): admin > integrator > analyst > viewer. */
export const UserRole = Type.Unsafe<'admin' | 'integrator' | 'analyst' | 'viewer'>({
  type: 'string',
  // One enum rather than a union of literals: a wrong value gives one readable validation message.
  enum: ['admin', 'integrator', 'analyst', 'viewer'],
  description: 'admin: everything; integrator: build and run flows; analyst: criteria only; viewer: read',
});
export type UserRole = Static<typeof UserRole>;

/** Passwords: at least 12 characters; the upper bound only keeps hashing cheap. */
export const Password = Type.String({ minLength: 12, maxLength: 1024 });
export type Password = Static<typeof Password>;

const Email = Type.String({ format: 'email', maxLength: 254 });
const PersonName = Type.String({ minLength: 1, maxLength: 120 });
const Id = Type.String({ minLength: 1, maxLength: 80 });

/** The signed-in user as the browser sees it. */
export const SessionUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: UserRole,
});
export type SessionUser = Static<typeof SessionUser>;

/** A user as administrators see it; never the password hash. */
export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: UserRole,
  disabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type UserView = Static<typeof UserView>;

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** Send `csrfToken` back as the `x-csrf-token` header on every POST, PUT, PATCH and DELETE. */
export const LoginResponse = Type.Object({ user: SessionUser, csrfToken: Type.String() });
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({
  user: SessionUser,
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  /** Present for a browser session. */
  csrfToken: Type.Optional(Type.String()),
});
export type MeResponse = Static<typeof MeResponse>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const CreateUserBody = Type.Object(
  { email: Email, name: PersonName, role: UserRole, password: Password },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(PersonName),
    role: Type.Optional(UserRole),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const UserIdParams = Type.Object({ id: Id });
export type UserIdParams = Static<typeof UserIdParams>;

export const UserList = Type.Array(UserView);
export type UserList = Static<typeof UserList>;

/** An API token without its value (shown once, at creation). */
export const ApiTokenView = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  userEmail: Type.Optional(Type.String()),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Optional(Type.String()),
  revokedAt: Type.Optional(Type.String()),
});
export type ApiTokenView = Static<typeof ApiTokenView>;

export const ApiTokenList = Type.Array(ApiTokenView);
export type ApiTokenList = Static<typeof ApiTokenList>;

export const CreateApiTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type CreateApiTokenBody = Static<typeof CreateApiTokenBody>;

/** `token` is shown this once: send it as `Authorization: Bearer <token>`. */
export const CreatedApiToken = Type.Composite([ApiTokenView, Type.Object({ token: Type.String() })]);
export type CreatedApiToken = Static<typeof CreatedApiToken>;

export const ApiTokenIdParams = Type.Object({ id: Id });
export type ApiTokenIdParams = Static<typeof ApiTokenIdParams>;

export const AuditEntryView = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type AuditEntryView = Static<typeof AuditEntryView>;

export const AuditList = Type.Array(AuditEntryView);
export type AuditList = Static<typeof AuditList>;

export const AuditQuery = Type.Object(
  {
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    // Query-string values arrive as text (the API does not coerce types), so the number is a digit string.
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1–1000, default 100' })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
